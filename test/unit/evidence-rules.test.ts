import { describe, expect, it } from 'vitest';
import { checkEvidence, fingerprintDistance, isSameImage, issuedByOwnUnit } from '../../src/domain/evidence-rules';

// Issue 12 item 5: evidence rules that reading the images makes checkable.

const H = 1754; // A4 at 150 dpi
const seal = { kind: 'seal', x: 800, y: 1300, w: 240, h: 240, score: 0.9 };

describe('issuedByOwnUnit', () => {
  it('is the issuer when the unit is read next to a seal (the 落款)', () => {
    expect(issuedByOwnUnit([seal, { kind: 'unit', x: 700, y: 1390, w: 480, h: 50, score: 0.97 }], H)).toBe(true);
  });

  it('is the issuer when the unit heads the page (letterhead, red-headed notice)', () => {
    expect(issuedByOwnUnit([{ kind: 'unit', x: 300, y: 120, w: 600, h: 70, score: 0.99 }], H)).toBe(true);
  });

  it('is not when the unit is only mentioned in the text, or only unreadable text lies under a seal', () => {
    const mention = { kind: 'unit', x: 200, y: 700, w: 400, h: 50, score: 0.98 };
    expect(issuedByOwnUnit([seal, mention], H)).toBe(false);
    expect(issuedByOwnUnit([seal, { kind: 'unit', x: 760, y: 1390, w: 320, h: 60, score: 0.3 }], H)).toBe(false);
  });
});

describe('checkEvidence', () => {
  it('warns on A5 evidence its own unit issued, on the row it belongs to, and on nothing else', () => {
    const found = [seal, { kind: 'unit', x: 700, y: 1390, w: 480, h: 50, score: 0.97 }];
    const problems = checkEvidence([
      { id: 1, sectionCode: 'A5', rowIndex: 1, slot: 'evidence', originalName: '证明.jpg', proposals: found, height: H },
      { id: 2, sectionCode: 'A13', rowIndex: null, slot: 'other', originalName: '其他.jpg', proposals: found, height: H },
      { id: 3, sectionCode: 'A5', rowIndex: 0, slot: 'evidence', originalName: '未检测.jpg', proposals: null, height: H },
    ]);
    expect(problems).toEqual([expect.objectContaining({ section: 'A5', field: 'rows[1]slot:evidence', code: 'EVIDENCE_OWN_UNIT', severity: 'warning' })]);
    expect(problems[0]!.message).toContain('本单位出具的证明不能作为业绩佐证材料');
  });
});

describe('isSameImage', () => {
  const a = '10'.repeat(1024);
  it('matches the same bytes, and fingerprints within 24 grey levels per cell', () => {
    expect(isSameImage({ sha256: 'x', phash: null }, { sha256: 'x', phash: null })).toBe(true);
    expect(isSameImage({ sha256: 'x', phash: a }, { sha256: 'y', phash: '28'.repeat(1024) })).toBe(true);
    expect(isSameImage({ sha256: 'x', phash: a }, { sha256: 'y', phash: '10'.repeat(1023) + '40' })).toBe(false);
    expect(isSameImage({ sha256: 'x', phash: a }, { sha256: 'y', phash: null })).toBe(false);
    expect(fingerprintDistance(a, a.slice(2))).toBe(Infinity);
  });
});
