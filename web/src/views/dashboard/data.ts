// Apache ECharts, only the parts the dashboard draws (keeps the bundle small).
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Dashboard } from '../../api/results';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

export type CountItem = Dashboard['byStatus'][number];
export type ChartKind = 'bar' | 'hbar' | 'pie';

/** Chart options for counts: vertical bars, horizontal bars (long labels such as unit names) or a pie. */
export function chartOption(kind: ChartKind, items: readonly CountItem[], seriesName: string): echarts.EChartsCoreOption {
  const labels = items.map((i) => i.label);
  const counts = items.map((i) => i.count);
  if (kind === 'pie') {
    return {
      tooltip: { trigger: 'item', formatter: '{b}：{c}份（{d}%）' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ name: seriesName, type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data: items.map((i) => ({ name: i.label, value: i.count })), label: { formatter: '{b}\n{c}' } }],
    };
  }
  const horizontal = kind === 'hbar';
  const category = { type: 'category', data: labels, axisLabel: { interval: 0, width: horizontal ? 140 : 80, overflow: 'truncate' } };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: horizontal ? 150 : 40, right: 24, top: 16, bottom: horizontal ? 24 : 48, containLabel: !horizontal },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [{ name: seriesName, type: 'bar', data: counts, barMaxWidth: 36, itemStyle: { color: '#1f4e8c' }, label: { show: true, position: horizontal ? 'right' : 'top' } }],
  };
}
