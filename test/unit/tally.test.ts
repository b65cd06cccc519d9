// R4 voting rules: quorum of the roster, 2/3 同意 of the experts present, abstentions not 同意.
import { describe, expect, it } from 'vitest';
import { atLeast, missingVotes, quorum, tallyFile, whyBeforeMeeting, whyNotCloseWithMissing, whyNotOpenBallot } from '../../src/domain/tally';

const TWO_THIRDS = { num: 2, den: 3 };

describe('R4 quorum: at least 2/3 of the committee experts present', () => {
  it.each([
    [25, 17],
    [24, 16],
    [3, 2],
    [9, 6],
    [10, 7],
    [1, 1],
    [0, 0],
  ])('a roster of %i needs %i present', (roster, needed) => {
    expect(atLeast(roster, TWO_THIRDS)).toBe(needed);
    expect(quorum({ rosterSize: roster, present: needed }, TWO_THIRDS).needed).toBe(needed);
  });

  it('25 experts: 17 present is a valid meeting, 16 is not', () => {
    expect(quorum({ rosterSize: 25, present: 17 }, TWO_THIRDS).reached).toBe(true);
    expect(quorum({ rosterSize: 25, present: 16 }, TWO_THIRDS).reached).toBe(false);
  });

  it('refuses to open the ballot without quorum, saying how many are needed', () => {
    const r = whyNotOpenBallot({ rosterSize: 25, present: 16 }, TWO_THIRDS);
    expect(r?.code).toBe('QUORUM_NOT_REACHED');
    expect(r?.message).toContain('至少17人');
    expect(whyNotOpenBallot({ rosterSize: 25, present: 17 }, TWO_THIRDS)).toBeNull();
  });

  it('an empty roster never has quorum', () => {
    expect(quorum({ rosterSize: 0, present: 0 }, TWO_THIRDS).reached).toBe(false);
    expect(whyNotOpenBallot({ rosterSize: 0, present: 0 }, TWO_THIRDS)?.code).toBe('ROSTER_EMPTY');
  });

  it('follows the policy fraction, not a constant', () => {
    expect(quorum({ rosterSize: 25, present: 19 }, { num: 3, den: 4 }).reached).toBe(true);
    expect(quorum({ rosterSize: 25, present: 18 }, { num: 3, den: 4 }).reached).toBe(false);
  });
});

describe('R4 pass: at least 2/3 同意 of the experts present', () => {
  it('exactly 2/3 同意 passes (6 present, 4 同意)', () => {
    const t = tallyFile({ eligible: 6, approve: 4, reject: 2, abstain: 0 }, TWO_THIRDS);
    expect(t.needed).toBe(4);
    expect(t.passed).toBe(true);
  });

  it('one vote short of 2/3 fails (6 present, 3 同意)', () => {
    expect(tallyFile({ eligible: 6, approve: 3, reject: 3, abstain: 0 }, TWO_THIRDS).passed).toBe(false);
  });

  it('17 present of 25: 12 同意 pass, 11 fail (ceil 2/3·17 = 12)', () => {
    expect(tallyFile({ eligible: 17, approve: 12, reject: 5, abstain: 0 }, TWO_THIRDS).passed).toBe(true);
    expect(tallyFile({ eligible: 17, approve: 11, reject: 6, abstain: 0 }, TWO_THIRDS).passed).toBe(false);
  });

  it('abstentions count as not 同意: 2 同意 + 1 弃权 of 3 passes, 1 同意 + 2 弃权 fails', () => {
    expect(tallyFile({ eligible: 3, approve: 2, reject: 0, abstain: 1 }, TWO_THIRDS).passed).toBe(true);
    expect(tallyFile({ eligible: 3, approve: 1, reject: 0, abstain: 2 }, TWO_THIRDS).passed).toBe(false);
  });

  it('the denominator is the experts present, not the votes cast: missing votes count against', () => {
    const t = tallyFile({ eligible: 9, approve: 5, reject: 0, abstain: 0 }, TWO_THIRDS);
    expect(t.notVoted).toBe(4);
    expect(t.needed).toBe(6);
    expect(t.passed).toBe(false);
  });

  it('nobody eligible cannot pass', () => {
    expect(tallyFile({ eligible: 0, approve: 0, reject: 0, abstain: 0 }, TWO_THIRDS).passed).toBe(false);
  });

  it('rejects more votes than experts present', () => {
    expect(() => tallyFile({ eligible: 2, approve: 2, reject: 1, abstain: 0 }, TWO_THIRDS)).toThrow(RangeError);
  });
});

describe('issue 11: missing votes, by the policy key ballot_missing_as_abstain', () => {
  const twoThirds = { num: 2, den: 3 };
  it.each([
    // eligible, approve, reject, abstain, missingAsAbstain → needed, passed
    [3, 1, 0, 0, true, 2, false], // 2 missing count as 弃权: 1 of 3 同意
    [3, 1, 0, 0, false, 1, true], // 2 missing left out: 1 of 1 同意
    [3, 2, 1, 0, false, 2, true],
    [4, 2, 0, 0, true, 3, false],
    [4, 2, 0, 0, false, 2, true],
    [2, 0, 0, 0, false, 0, false], // nobody voted: a file cannot pass with an empty base
    [2, 0, 0, 0, true, 2, false],
  ])('eligible %i, 同意 %i, 不同意 %i, 弃权 %i, missing as 弃权 %s → needs %i, passed %s', (eligible, approve, reject, abstain, asAbstain, needed, passed) => {
    const t = tallyFile({ eligible, approve, reject, abstain }, twoThirds, asAbstain);
    expect({ needed: t.needed, passed: t.passed, notVoted: t.notVoted }).toEqual({ needed, passed, notVoted: eligible - approve - reject - abstain });
  });

  it('counts the missing votes over the files of a ballot', () => {
    expect(missingVotes([{ eligible: 3, votesCast: 2 }, { eligible: 2, votesCast: 2 }, { eligible: 4, votesCast: 1 }])).toBe(4);
    expect(missingVotes([])).toBe(0);
  });

  it('refuses to close with missing votes unless the office confirmed, naming the count and the rule', () => {
    expect(whyNotCloseWithMissing(0, false, true)).toBeNull();
    expect(whyNotCloseWithMissing(2, true, true)).toBeNull();
    const r = whyNotCloseWithMissing(2, false, true)!;
    expect(r.code).toBe('VOTES_MISSING');
    expect(r.message).toContain('还有2票未投');
    expect(r.message).toContain('计为弃权');
    expect(whyNotCloseWithMissing(1, false, false)!.message).toContain('不计入该材料的表决基数');
  });
});

describe('issue 11: voting and results from the meeting’s day on', () => {
  it.each([
    ['2026-03-04', '2026-03-03', false],
    ['2026-03-04', '2026-03-04', true],
    ['2026-03-04', '2026-03-05', true],
    ['2026-03-04', '2025-12-31', false],
  ])('meeting on %s, today %s → allowed %s', (on, today, allowed) => {
    const r = whyBeforeMeeting(on, today, '投票');
    expect(r === null).toBe(allowed);
    if (r) expect(r).toEqual({ code: 'MEETING_NOT_YET', message: '评审会定于2026年3月4日召开，会议当天起方可投票；如会期有变，请先修改会议时间' });
  });
});
