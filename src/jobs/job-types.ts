// Every job the system runs, as a discriminated union (STYLE §7). Adding a name here without a
// handler in handlers.ts does not compile.
import type { YearDeadline } from '../domain/year-deadlines';

export type JobItem =
  | { name: 'mask_detect'; data: { attachmentId: number } } // B1：自动检测需遮盖区域
  | { name: 'mask_burn'; data: { attachmentId: number } } // B1/B5：按确认的区域生成遮盖副本并复检
  | { name: 'make_thumbnail'; data: { attachmentId: number } } // 附件缩略图：上传后生成，不占上传请求（issue 13 item 7）
  | { name: 'return_deadline'; data: { applicationId: number; deadline: string } } // R2：退回补充期满自动放弃
  | { name: 'retention_sweep'; data: Record<string, never> } // 每日清理：过期删除材料、中断上传残留、过期会话
  // R3/申报截止：截止日次日执行（未缴费材料自动放弃；申报截止通知）；`on` 为排期时的截止日期，政策改后旧作业跳过
  | { name: 'year_deadline'; data: { year: number; deadline: YearDeadline; on: string } }
  | { name: 'deadline_reminder'; data: { year: number; deadline: YearDeadline; on: string } } // 截止日前一个工作日提醒
  // U2/R4：公示期满（close，期满次日）与期满前一个工作日提醒（remind）；unit 为 publicity.id，result 为 meeting.id
  | { name: 'publicity_close'; data: { kind: 'unit' | 'result'; id: number; endsOn: string; step: 'remind' | 'close' } };

export type JobName = JobItem['name'];
export type JobData<N extends JobName> = Extract<JobItem, { name: N }>['data'];
export type JobOutcome = 'success' | 'skipped' | 'failed';

/** Lanes of the fair queue (issue 13 item 3): a lower lane is always claimed first. */
export const LANES = { interactive: 0, normal: 1, batch: 2 } as const;
export type Lane = keyof typeof LANES;

/** Each job's lane unless the caller says otherwise: an applicant waits for detection and burns. */
export const DEFAULT_LANE: { [N in JobName]: Lane } = {
  mask_detect: 'interactive',
  mask_burn: 'interactive',
  // the page that shows the list asks for the thumbnail and gets it made at once; the job is the backstop
  make_thumbnail: 'batch',
  return_deadline: 'normal',
  retention_sweep: 'batch',
  year_deadline: 'normal',
  deadline_reminder: 'normal',
  publicity_close: 'normal',
};
