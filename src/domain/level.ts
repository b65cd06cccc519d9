// The four title levels (初级 … 正高级) an application declares for.
export type Level = 'junior' | 'middle' | 'deputy_senior' | 'senior';

export const LEVEL_LABELS: Record<Level, string> = {
  junior: '初级',
  middle: '中级',
  deputy_senior: '副高级',
  senior: '正高级',
};
