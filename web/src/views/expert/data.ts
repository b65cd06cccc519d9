import type { VoteChoice } from '../../api/expert';

/** R4: the three choices of the secret ballot. */
export const VOTE_CHOICES: Array<{ value: VoteChoice; label: string; type: 'success' | 'danger' | 'info' }> = [
  { value: 'approve', label: '同意', type: 'success' },
  { value: 'reject', label: '不同意', type: 'danger' },
  { value: 'abstain', label: '弃权', type: 'info' },
];

export const MEETING_STATUS_TAG: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  planned: 'info',
  voting: 'warning',
  closed: 'primary',
  published: 'primary',
  final: 'success',
};

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** HH:mm:ss in the browser's time zone, for “已记录” confirmations. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
