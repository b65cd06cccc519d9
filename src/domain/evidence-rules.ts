// Issue 12 item 5: evidence rules that reading the images makes checkable. Pure.
import type { Problem } from './problem';
import type { SectionCode } from './section-fields';

/**
 * A10 (论文论著) and A13 (其他附件或证明材料) must not hold the same image: what is evidence for one
 * is not evidence again for the other. Each section names the one it is compared with.
 */
export const DUPLICATE_PAIRS: Partial<Record<SectionCode, SectionCode>> = { A10: 'A13', A13: 'A10' };

/**
 * Largest difference of one 32×32 cell's grey level (0–255) two images may show and still be the
 * same image: re-encoding or resizing moved a cell by at most 15 levels (the border cells); one word
 * changed on a page of the same form moved the cells it is in by 60 or more (measured in
 * test/integration/http/duplicate-evidence.http.test.ts).
 */
export const NEAR_DUPLICATE_LEVELS = 24;

/** Largest per-cell difference between two fingerprints (hex, one byte per cell); Infinity if not comparable. */
export function fingerprintDistance(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i += 2) {
    const d = Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16));
    if (d > max) max = d;
  }
  return max;
}

export interface ImageFingerprint {
  sha256: string;
  phash: string | null;
}

/** Same bytes, or both fingerprinted and no cell differing by more than NEAR_DUPLICATE_LEVELS. */
export function isSameImage(a: ImageFingerprint, b: ImageFingerprint): boolean {
  if (a.sha256 === b.sha256) return true;
  return a.phash !== null && b.phash !== null && fingerprintDistance(a.phash, b.phash) <= NEAR_DUPLICATE_LEVELS;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FoundRegion extends Rect {
  kind: string;
  score?: number;
}

/**
 * Score detection gives a box around text under a seal that it could not read (propose.ts
 * textUnderSeals); a unit box above it was read as the unit's name or alias.
 */
const UNREAD_UNDER_SEAL = 0.3;

/** The top of a page where a letterhead or red-headed notice names its issuer. */
const LETTERHEAD_SHARE = 0.2;

/**
 * Issue 12 item 5: whether detection shows the applicant's own unit as the issuer of a page: its
 * name or alias read in the letterhead (top fifth), or next to a seal (the 落款 a seal is stamped
 * over). A name elsewhere, such as 「工作单位：…」 on a certificate from another body, is not.
 */
export function issuedByOwnUnit(found: readonly FoundRegion[], height: number): boolean {
  const seals = found.filter((r) => r.kind === 'seal');
  const read = found.filter((r) => r.kind === 'unit' && (r.score ?? 1) > UNREAD_UNDER_SEAL);
  return read.some((u) => {
    if (height > 0 && u.y + u.h <= LETTERHEAD_SHARE * height) return true;
    return seals.some((s) => {
      const reach = Math.max(s.w, s.h) / 2;
      const dx = Math.max(0, s.x - (u.x + u.w), u.x - (s.x + s.w));
      const dy = Math.max(0, s.y - (u.y + u.h), u.y - (s.y + s.h));
      return dx <= reach && dy <= reach;
    });
  });
}

export interface EvidenceImage {
  id: number;
  sectionCode: string;
  /** The row the image belongs to, 0-based; null when not in a row. */
  rowIndex: number | null;
  slot: string;
  originalName: string;
  /** What detection found; null while it has not run. */
  proposals: readonly FoundRegion[] | null;
  height: number;
}

/** 「本单位出具的证明不能作为业绩佐证材料」: a warning on each A5 evidence image its own unit issued. */
export function checkEvidence(images: readonly EvidenceImage[]): Problem[] {
  return images
    .filter((i) => i.sectionCode === 'A5' && i.slot === 'evidence' && i.proposals !== null && issuedByOwnUnit(i.proposals, i.height))
    .map((i) => ({
      section: 'A5' as const,
      field: i.rowIndex === null ? `slot:${i.slot}` : `rows[${i.rowIndex}]slot:${i.slot}`,
      code: 'EVIDENCE_OWN_UNIT',
      severity: 'warning' as const,
      message: `${i.rowIndex === null ? '' : `第${i.rowIndex + 1}项业绩的`}印证材料“${i.originalName}”识别到本单位的名称或公章：本单位出具的证明不能作为业绩佐证材料，请换成其他单位出具的证明`,
    }));
}
