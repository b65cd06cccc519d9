// The life of an application (申报) as a table of allowed transitions. No other code decides a status
// (STYLE §5): services call transition() and write what it returns.
import { isRefusal, type Refusal } from './errors';

export const STATUSES = {
  draft: '草稿',
  submitted: '已提交，待推荐单位审核',
  returned_by_unit: '推荐单位已退回，待修改',
  in_publicity: '推荐单位公示中',
  unit_recommended: '推荐单位已推荐，待主管单位审核',
  returned_by_competent: '主管单位已退回，待修改',
  competent_recommended: '主管单位已推荐，待评审委员会审核',
  returned_by_committee: '评审委员会已退回，待补充',
  accepted: '评审委员会已接收材料',
  abandoned: '自动放弃',
  in_review: '专家评审中',
  passed: '评审通过',
  failed: '评审未通过',
  revoked: '已撤销（诚信档案）',
} as const;

export type Status = keyof typeof STATUSES;

/**
 * How each status is shown wherever it appears (the web's tag colours, an Element Plus tag type):
 * warning while the file waits for a reviewer, danger when it is back with the applicant or lost.
 */
export const STATUS_TONE: Record<Status, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  draft: 'info',
  submitted: 'warning',
  returned_by_unit: 'danger',
  in_publicity: 'primary',
  unit_recommended: 'warning',
  returned_by_competent: 'danger',
  competent_recommended: 'warning',
  returned_by_committee: 'danger',
  accepted: 'success',
  abandoned: 'info',
  in_review: 'primary',
  passed: 'success',
  failed: 'danger',
  revoked: 'danger',
};

export function statusTone(s: string): (typeof STATUS_TONE)[Status] {
  return (STATUS_TONE as Record<string, (typeof STATUS_TONE)[Status]>)[s] ?? 'primary';
}

export function statusLabel(s: string): string {
  return (STATUSES as Record<string, string>)[s] ?? s;
}

/** Which role performs an event; organisation checks live in access.ts. */
export type Event =
  | 'submit' // 申报人提交（或退回后重新提交）
  | 'unit_return' // U1 推荐单位退回
  | 'start_publicity' // U2 开始公示
  | 'unit_recommend' // U3 公示期满后推荐
  | 'competent_return' // C1 主管单位退回
  | 'competent_recommend' // C1 主管单位推荐
  | 'committee_return' // R2 评审委员会退回（限期补充）
  | 'committee_accept' // R1 接收材料
  | 'abandon' // R2/R3 逾期未补充或未缴费，由系统作业执行
  | 'start_review' // 分配专家
  | 'pass'
  | 'fail'
  | 'revoke'; // I1 诚信档案撤销

export const EVENT_LABELS: Record<Event, string> = {
  submit: '提交申报',
  unit_return: '推荐单位退回',
  start_publicity: '开始公示',
  unit_recommend: '推荐单位推荐',
  competent_return: '主管单位退回',
  competent_recommend: '主管单位推荐',
  committee_return: '评审委员会退回',
  committee_accept: '评审委员会接收材料',
  abandon: '自动放弃',
  start_review: '进入专家评审',
  pass: '评审通过',
  fail: '评审未通过',
  revoke: '撤销职称',
};

const TRANSITIONS: Record<Event, { from: readonly Status[]; to: Status }> = {
  submit: { from: ['draft', 'returned_by_unit', 'returned_by_competent'], to: 'submitted' },
  unit_return: { from: ['submitted', 'in_publicity'], to: 'returned_by_unit' },
  start_publicity: { from: ['submitted'], to: 'in_publicity' },
  unit_recommend: { from: ['in_publicity'], to: 'unit_recommended' },
  competent_return: { from: ['unit_recommended'], to: 'returned_by_competent' },
  competent_recommend: { from: ['unit_recommended'], to: 'competent_recommended' },
  committee_return: { from: ['competent_recommended'], to: 'returned_by_committee' },
  committee_accept: { from: ['competent_recommended'], to: 'accepted' },
  abandon: { from: ['returned_by_committee', 'accepted'], to: 'abandoned' },
  start_review: { from: ['accepted'], to: 'in_review' },
  pass: { from: ['in_review'], to: 'passed' },
  fail: { from: ['in_review'], to: 'failed' },
  revoke: { from: ['passed'], to: 'revoked' },
};

/** R2: a file returned by the committee goes straight back to the committee once completed. */
const RESUBMIT_TO_COMMITTEE: Status = 'competent_recommended';

export { isRefusal, type Refusal } from './errors';

export function transition(from: string, event: Event): { to: Status } | Refusal {
  if (event === 'submit' && from === 'returned_by_committee') return { to: RESUBMIT_TO_COMMITTEE };
  const t = TRANSITIONS[event];
  if (!t.from.includes(from as Status)) {
    return {
      code: 'INVALID_TRANSITION',
      message: `当前状态为“${statusLabel(from)}”，不能执行“${EVENT_LABELS[event]}”`,
    };
  }
  return { to: t.to };
}

/** The applicant may edit the declaration only while it is with them (A-sections read-only after submit). */
export function isEditableByApplicant(status: string): boolean {
  return status === 'draft' || status === 'returned_by_unit' || status === 'returned_by_competent' || status === 'returned_by_committee';
}

export function allowedEvents(from: string): Event[] {
  return (Object.keys(TRANSITIONS) as Event[]).filter((e) => !isRefusal(transition(from, e)));
}

/** Statuses from which `event` can still happen, directly or after moves the table allows. */
export function statusesBefore(event: Event): Status[] {
  const reaches = (from: Status, seen: Set<Status>): boolean => {
    if (seen.has(from)) return false;
    seen.add(from);
    const next = allowedEvents(from);
    return next.includes(event) || next.some((e) => reaches((transition(from, e) as { to: Status }).to, seen));
  };
  return (Object.keys(STATUSES) as Status[]).filter((s) => reaches(s, new Set()));
}
