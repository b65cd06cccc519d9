// R4 voting rules: quorum of the roster, 2/3 同意 of the experts present, abstentions not 同意.
import { describe, expect, it } from 'vitest';
import { atLeast, quorum, tallyFile, whyNotOpenBallot } from '../../src/domain/tally';

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
