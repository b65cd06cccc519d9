// Every job the system runs, as a discriminated union (STYLE §7). Adding a name here without a
// handler in handlers.ts does not compile.
export type JobItem =
  | { name: 'mask_detect'; data: { attachmentId: number } } // B1：自动检测需遮盖区域
  | { name: 'mask_burn'; data: { attachmentId: number } } // B1/B5：按确认的区域生成遮盖副本并复检
  | { name: 'return_deadline'; data: { applicationId: number; deadline: string } } // R2：退回补充期满自动放弃
  | { name: 'retention_sweep'; data: Record<string, never> }; // 每日清理：过期删除材料、中断上传残留、过期会话

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
  return_deadline: 'normal',
  retention_sweep: 'batch',
};
