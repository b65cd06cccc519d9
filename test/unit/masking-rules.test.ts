// B2 and issue 9 item 6: what the checklist says about each image outside A1.
import { describe, expect, it } from 'vitest';
import { checkMasking, droppedProposals, leaksAfterDecision, type MaskingState } from '../../src/domain/masking-rules';
import { blocking } from '../../src/domain/problem';

const image = (o: Partial<MaskingState>): MaskingState => ({ id: 7, sectionCode: 'A7', originalName: '证书.jpg', needsMasking: null, maskStatus: 'pending', leakCount: 0, ...o });

describe('checkMasking', () => {
  it.each<[string, Partial<MaskingState>, string[]]>([
    ['unmarked', {}, ['MASKING_UNMARKED']],
    ['是, not yet masked', { needsMasking: true, maskStatus: 'detecting' }, ['MASKING_NOT_DONE']],
    ['是, masked with a leak', { needsMasking: true, maskStatus: 'masked', leakCount: 1 }, ['MASKING_LEAK']],
    ['否, not yet detected', { needsMasking: false, maskStatus: 'not_needed', foundCount: null }, []],
    ['否, detected nothing', { needsMasking: false, maskStatus: 'not_needed', foundCount: 0 }, []],
    ['否, detection found identity', { needsMasking: false, maskStatus: 'not_needed', foundCount: 2 }, ['MASKING_IDENTITY_FOUND']],
    ['A1 (never masked)', { sectionCode: 'A1', needsMasking: false, foundCount: 3 }, []],
  ])('%s → %j', (_, state, codes) => {
    expect(checkMasking([image(state)]).map((p) => p.code)).toEqual(codes);
  });

  it('flags a 否 image with found identity as a warning that does not block submission', () => {
    const [p] = checkMasking([image({ needsMasking: false, maskStatus: 'not_needed', foundCount: 2 })]);
    expect(p).toMatchObject({ section: 'masking', field: 'attachment:7', severity: 'warning' });
    expect(p.message).toMatch(/标记为“无需遮盖”，但自动检测发现2处/);
    expect(blocking([p])).toEqual([]);
    expect(blocking(checkMasking([image({})]))).toHaveLength(1);
  });
});

describe('the applicant drops a proposal (issue 11)', () => {
  const seal = { kind: 'seal', x: 100, y: 100, w: 200, h: 200 };
  const unit = { kind: 'unit', x: 400, y: 120, w: 300, h: 50 };
  const eyes = { kind: 'eyes', x: 800, y: 50, w: 120, h: 40 };

  it('counts a proposal as kept when the boxes to burn cover half of it, moved or resized', () => {
    expect(droppedProposals([seal, unit, eyes], [{ x: 110, y: 90, w: 200, h: 200 }, eyes])).toEqual([unit]);
  });

  it('does not call a removed seal or eyes proposal a leak, but always a readable name or unit', () => {
    const leaks = [{ ...seal, x: 105 }, { ...unit }, { kind: 'face', x: 790, y: 20, w: 140, h: 160 }, { kind: 'seal', x: 900, y: 900, w: 150, h: 150 }];
    expect(leaksAfterDecision(leaks, [seal, unit, eyes]).map((l) => `${l.kind}@${l.x}`)).toEqual(['unit@400', 'seal@900']);
  });
});
