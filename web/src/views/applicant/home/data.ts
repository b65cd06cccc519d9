import type { FormRules } from 'element-plus';
import type { Catalog } from '../../../api/types';
import { statusTone } from '@domain/state-machine';

export interface NewApplicationForm {
  year: number | null;
  /** Cascader value: [seriesCode, specialtyId]. */
  specialty: [string, number] | [];
  level: string;
  recommendingOrgId: number | null;
}

export const newApplicationRules: FormRules<NewApplicationForm> = {
  year: [{ required: true, message: '请选择评审年度', trigger: 'change' }],
  specialty: [{ required: true, type: 'array', min: 2, message: '请选择系列和专业', trigger: 'change' }],
  level: [{ required: true, message: '请选择申报级别', trigger: 'change' }],
  recommendingOrgId: [{ required: true, message: '请选择推荐单位', trigger: 'change' }],
};

export interface CascaderOption {
  value: string | number;
  label: string;
  children?: CascaderOption[];
}

/** 系列 → 专业, in catalog order. */
export function specialtyOptions(catalog: Catalog): CascaderOption[] {
  const bySeries = new Map<string, CascaderOption>();
  for (const s of catalog.specialties) {
    let series = bySeries.get(s.seriesCode);
    if (!series) {
      series = { value: s.seriesCode, label: s.series, children: [] };
      bySeries.set(s.seriesCode, series);
    }
    series.children!.push({ value: s.id, label: s.name });
  }
  return [...bySeries.values()];
}

/** One colour per status, the same on every page (src/domain/state-machine.ts). */
export const statusTagType = statusTone;

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
