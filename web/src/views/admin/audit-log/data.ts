// 审计日志 page: filter form defaults and table columns.
import type { AuditFilter } from '../../../api/admin';

export interface AuditForm {
  person: string;
  fileCode: string;
  action: string;
  /** [from, to] as YYYY-MM-DD, or null. */
  range: [string, string] | null;
}

export const emptyForm = (): AuditForm => ({ person: '', fileCode: '', action: '', range: null });

export function toFilter(f: AuditForm): AuditFilter {
  return {
    person: f.person.trim() || undefined,
    fileCode: f.fileCode.trim() || undefined,
    action: f.action || undefined,
    from: f.range?.[0],
    to: f.range?.[1],
  };
}

export const PAGE_SIZE = 20;

export const columns = [
  { prop: 'at', label: '时间', width: 170 },
  { prop: 'actorName', label: '操作人', width: 120 },
  { prop: 'actionLabel', label: '操作', width: 160 },
  { prop: 'fileCode', label: '材料编号', width: 130 },
  { prop: 'change', label: '状态变化', minWidth: 220 },
  { prop: 'reason', label: '原因 / 详情', minWidth: 240 },
  { prop: 'ip', label: 'IP', width: 130 },
] as const;

/** Shanghai wall-clock time of an ISO instant. */
export function shanghaiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
