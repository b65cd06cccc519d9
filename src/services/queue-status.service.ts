// What the masking queue looks like, for the committee office (issue 13 item 3): how many pages wait
// in each lane and for how long, so a backlog near the deadline is seen before applicants call.
import { queueStats } from '../jobs/queue';
import type { JobName } from '../jobs/job-types';
import type { Actor } from '../domain/access';
import type { ServiceContext } from './service-context';

const LANE_TITLES = ['申报人等待中（检测、遮盖）', '期限作业', '后台复检与清理'] as const;
const JOB_TITLES: Record<JobName, string> = {
  mask_detect: '自动检测遮盖区域',
  mask_burn: '生成遮盖副本并复检',
  make_thumbnail: '生成附件缩略图',
  return_deadline: '退回补充期满',
  retention_sweep: '每日清理',
  year_deadline: '申报与缴费截止',
  deadline_reminder: '截止前提醒',
  publicity_close: '公示期满',
};

export async function queueStatus(ctx: ServiceContext, _actor: Actor) {
  const now = ctx.now();
  const rows = await queueStats(ctx.db, now);
  return {
    at: now.toISOString(),
    rows: rows.map((r) => ({ ...r, laneTitle: LANE_TITLES[r.lane] ?? String(r.lane), title: JOB_TITLES[r.name as JobName] ?? r.name })),
  };
}
