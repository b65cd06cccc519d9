// R4 voting rules as arithmetic on counts. Fractions come from policy (quorum_fraction,
// pass_fraction); comparisons are on integers (a·den ≥ b·num) so 2/3 never rounds wrongly.
import type { Fraction } from './policy';
import type { Refusal } from './state-machine';

/** Smallest count reaching `fraction` of `total`: ceil(total·num/den). 25 × 2/3 → 17. */
export function atLeast(total: number, fraction: Fraction): number {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`人数应为非负整数：${total}`);
  // integer ceiling, exact for any fraction
  return Math.floor((total * fraction.num + fraction.den - 1) / fraction.den);
}

export interface QuorumFacts {
  /** Experts of the meeting's committee roster. */
  rosterSize: number;
  /** Of them, recorded present by the office. */
  present: number;
}

/** R4: the meeting is valid with at least quorum_fraction of the roster present (25 → 17). */
export function quorum(f: QuorumFacts, quorumFraction: Fraction): { needed: number; reached: boolean } {
  const needed = atLeast(f.rosterSize, quorumFraction);
  return { needed, reached: f.rosterSize > 0 && f.present >= needed };
}

export function whyNotOpenBallot(f: QuorumFacts, quorumFraction: Fraction): Refusal | null {
  if (f.rosterSize === 0) return { code: 'ROSTER_EMPTY', message: '评审会尚未确定评审专家名单，请先添加专家' };
  const q = quorum(f, quorumFraction);
  if (!q.reached) {
    return {
      code: 'QUORUM_NOT_REACHED',
      message: `出席专家${f.present}人，未达到评审专家${f.rosterSize}人的${quorumFraction.num}/${quorumFraction.den}（至少${q.needed}人），会议无效，不能开始投票`,
    };
  }
  return null;
}

export interface FileVotes {
  /** Present experts allowed to vote on this file (present minus those recused for it). */
  eligible: number;
  approve: number;
  reject: number;
  abstain: number;
}

export interface FileTally extends FileVotes {
  /** Eligible experts who cast no vote; like abstentions they are not 同意. */
  notVoted: number;
  /** 同意 votes needed. */
  needed: number;
  passed: boolean;
}

/**
 * R4: a file passes with 同意 from at least pass_fraction of the experts present (and eligible).
 * Abstentions and missing votes count as not 同意. With nobody eligible a file cannot pass.
 */
export function tallyFile(v: FileVotes, passFraction: Fraction): FileTally {
  const cast = v.approve + v.reject + v.abstain;
  if ([v.eligible, v.approve, v.reject, v.abstain].some((n) => !Number.isInteger(n) || n < 0)) {
    throw new RangeError('票数应为非负整数');
  }
  if (cast > v.eligible) throw new RangeError(`投票数（${cast}）多于有表决权的出席专家数（${v.eligible}）`);
  const needed = atLeast(v.eligible, passFraction);
  return { ...v, notVoted: v.eligible - cast, needed, passed: v.eligible > 0 && v.approve >= needed };
}
