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
 * Abstentions count as not 同意. Missing votes, by the policy key ballot_missing_as_abstain:
 * true (default) — counted as abstentions, so they stay in the base; false — left out of the base,
 * as if the expert had not been present for this file. With nobody in the base a file cannot pass.
 */
export function tallyFile(v: FileVotes, passFraction: Fraction, missingAsAbstain = true): FileTally {
  const cast = v.approve + v.reject + v.abstain;
  if ([v.eligible, v.approve, v.reject, v.abstain].some((n) => !Number.isInteger(n) || n < 0)) {
    throw new RangeError('票数应为非负整数');
  }
  if (cast > v.eligible) throw new RangeError(`投票数（${cast}）多于有表决权的出席专家数（${v.eligible}）`);
  const base = missingAsAbstain ? v.eligible : cast;
  const needed = atLeast(base, passFraction);
  return { ...v, notVoted: v.eligible - cast, needed, passed: base > 0 && v.approve >= needed };
}

/** Votes still missing across a ballot: per file, eligible experts who have not voted. */
export function missingVotes(files: ReadonlyArray<{ eligible: number; votesCast: number }>): number {
  return files.reduce((n, f) => n + Math.max(0, f.eligible - f.votesCast), 0);
}

/**
 * Issue 11: closing a ballot with missing votes needs the office's explicit second confirmation
 * (`acceptMissing`), after it was told how many are missing and how they will count.
 */
export function whyNotCloseWithMissing(missing: number, acceptMissing: boolean, missingAsAbstain: boolean): Refusal | null {
  if (missing === 0 || acceptMissing) return null;
  return {
    code: 'VOTES_MISSING',
    message: `还有${missing}票未投。${
      missingAsAbstain ? '按本年度评审政策，未投的票计为弃权（不计为同意）' : '按本年度评审政策，未投票的专家不计入该材料的表决基数'
    }；请等待专家投票，或确认缺票后再次结束投票`,
  };
}

/**
 * Issue 11: voting, counting and publishing results belong to the meeting, so none of them may
 * happen before the day it is scheduled for (dates as 'YYYY-MM-DD' in China Standard Time).
 */
export function whyBeforeMeeting(scheduledOn: string, today: string, doing: string): Refusal | null {
  if (today >= scheduledOn) return null;
  const [y, m, d] = scheduledOn.split('-').map(Number);
  return { code: 'MEETING_NOT_YET', message: `评审会定于${y}年${m}月${d}日召开，会议当天起方可${doing}；如会期有变，请先修改会议时间` };
}
