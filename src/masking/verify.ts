import type { Region } from './image-types';
import { detect, type DetectOptions, type Engines, type Targets } from './pipeline';

export interface VerifyResult {
  /** Anything still found on the masked page: name, unit, seal, face or eyes. Empty = safe. */
  leaks: Region[];
  timings_ms: Record<string, number>;
}

/**
 * Runs detection again on a masked image (issue 3, step 5). Whatever it still finds is a leak:
 * a missed occurrence, a box too small for its text, or a seal rim sticking out.
 */
export async function verifyMasked(bytes: Uint8Array, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<VerifyResult> {
  const res = await detect(bytes, targets, engines, opts);
  return { leaks: res.regions, timings_ms: res.timings_ms };
}
