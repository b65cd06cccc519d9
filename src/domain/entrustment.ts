// R5 委托评审 / 联合评审 as rules: which steps a request needs before the prefecture bureau may
// issue the entrustment letter, and why a review may not start while a request is open. Pure.
import type { Refusal } from './errors';

export type EntrustmentKind = 'entrusted' | 'joint';

export interface EntrustmentFacts {
  kind: EntrustmentKind;
  /** The request comes from a county bureau (县人社局), not from a prefecture committee. */
  fromCounty: boolean;
  hasPlan: boolean;
  /** The region's department's answer (自治区人社厅) is on record. */
  regionRecorded: boolean;
}

/**
 * R5: a county files its plan with the prefecture bureau before the review starts, for an
 * entrusted review as for a joint one; a joint review always has a plan.
 */
export function needsPlan(f: Pick<EntrustmentFacts, 'kind' | 'fromCounty'>): boolean {
  return f.kind === 'joint' || f.fromCounty;
}

/** R5: committee → prefecture bureau → region's department → letter, for the prefecture's own entrusted reviews. */
export function needsRegionStep(f: Pick<EntrustmentFacts, 'kind' | 'fromCounty'>): boolean {
  return f.kind === 'entrusted' && !f.fromCounty;
}

/** Why the prefecture bureau may not issue the entrustment letter yet, or null. */
export function whyNotIssueLetter(f: EntrustmentFacts): Refusal | null {
  if (needsPlan(f) && !f.hasPlan) {
    return {
      code: 'PLAN_REQUIRED',
      message: `${f.kind === 'joint' ? '联合评审' : '县（市）委托评审'}须在评审开始前向州人社局报备评审方案：请申请单位先上传评审方案`,
    };
  }
  if (needsRegionStep(f) && !f.regionRecorded) {
    return {
      code: 'REGION_STEP_REQUIRED',
      message: '委托评审须报自治区人力资源和社会保障厅同意：请先登记自治区人社厅的意见（文号和日期），再出具委托函',
    };
  }
  return null;
}

/** R5: the review of a specialty waits while its entrustment (or joint review) is still being decided. */
export function whyNotStartReviewPending(pending: ReadonlyArray<{ series: string; specialtyName: string; kind: EntrustmentKind }>): Refusal | null {
  const p = pending[0];
  if (!p) return null;
  return {
    code: 'ENTRUSTMENT_PENDING',
    message: `${p.series}${p.specialtyName}专业已申请${p.kind === 'joint' ? '联合评审' : '委托评审'}，州人社局批准（评审方案报备）前不能开始评审`,
  };
}
