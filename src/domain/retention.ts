// Issue 9 item 12: how long material nobody refers to any more is kept, and when the daily
// collection runs. Not a review-year setting: a blob or a session belongs to no review year.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Each period with its Chinese title, as the audit row and the documentation name it. */
export const RETENTION = {
  // an attachment deleted by the applicant (an ID card, a certificate) stays recoverable this long
  deletedMaterialDays: { title: '已删除材料保留天数', days: 30 },
  // a file a crash left behind (a `.tmp` write, a blob whose row never committed) is older than any
  // upload still in progress after this long
  crashLeftoverHours: { title: '中断上传残留文件保留小时数', hours: 1 },
} as const;

/** The collection runs once a day. */
export const RETENTION_SWEEP_INTERVAL_MS = DAY_MS;

/** A blob unreferenced since `since` may be deleted at `now`. */
export function isPastRetention(since: Date, now: Date): boolean {
  return now.getTime() - since.getTime() >= RETENTION.deletedMaterialDays.days * DAY_MS;
}

/** A temp file, or a stored file without a blob row, last written at `modifiedAt` is a crash leftover at `now`. */
export function isCrashLeftover(modifiedAt: Date, now: Date): boolean {
  return now.getTime() - modifiedAt.getTime() >= RETENTION.crashLeftoverHours.hours * HOUR_MS;
}

/**
 * The job key of the sweep due at `runAt`: one per UTC day, so a restart that schedules "today's"
 * sweep again finds it already there, and each run arms the next day's under a new key.
 */
export function retentionSweepKey(runAt: Date): string {
  return `retention_sweep:${runAt.toISOString().slice(0, 10)}`;
}
