// Issue 12 item 5: evidence rules that reading the images makes checkable. Pure.
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
