import sharp from 'sharp';
import { decodeJpeg } from './decode';
import { findFragments } from './fragments';
import type { RawImage, Region } from './image-types';
import { detectDecoded, type DetectOptions, type Engines, type Orientation, type Targets } from './pipeline';
import { clampBox, mergeOverlapping, turnBox } from './propose';
import { findTextRegions } from './text-detect';

export interface VerifyResult {
  /** Anything still found on the masked page: name, unit, seal, face or eyes. Empty = safe. */
  leaks: Region[];
  timings_ms: Record<string, number>;
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/**
 * Checks a masked image (issue 3 step 5; issue 11; issue 12 item 6): whatever identifies is a leak.
 * Verification looks for the identity, not for the boxes that were proposed:
 * - text: every recognised line is searched for the name and unit, whole or as an identifying
 *   run of ≥ 4 characters (fragments.ts), so a box that covers half a slanted line still leaks;
 *   a generic word (医院) that detection once proposed is no leak when the applicant removed it;
 * - seals, faces and eyes: the pipeline's detectors, as when proposing.
 * Each text leak is the readable part of its line, so the editor can mark the spot.
 */
export async function verifyMasked(bytes: Uint8Array, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<VerifyResult> {
  const t0 = performance.now();
  const img = await decodeJpeg(bytes, opts);
  const timings: Record<string, number> = { decode: ms(t0) };

  // No text targets: the pipeline then runs no recogniser, only orientation, seals and faces. Its
  // text-under-seal boxes are proposals for unreadable text, not evidence of a leak: left out.
  let t = performance.now();
  const marks = await detectDecoded(img, { names: [], units: [] }, engines, opts);
  timings.marks = ms(t);
  const other = marks.regions.filter((r) => r.kind === 'seal' || r.kind === 'face' || r.kind === 'eyes');

  t = performance.now();
  const turn = marks.orientation;
  const upright = turn === 0 ? img : await turnImage(img, turn);
  const clean: Targets = { names: cleanList(targets.names), units: cleanList(targets.units) };
  const { lines } = await findTextRegions(upright, clean, engines.ocr, { detMaxSide: opts.detMaxSide });
  const text: Region[] = [];
  // A slanted line's box is tall and its glyphs are cut across when recognised: read those lines
  // again straightened (phone photos, a page laid crooked on the scanner).
  const heights = lines.map((l) => l.box.h).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  for (const line of lines) {
    if (lines.length > 1 && line.box.h < 1.5 * median) continue;
    for (const r of await straightenedFragments(upright, line.box, clean, engines)) {
      const shown = turnBox(r, ((360 - turn) % 360) as Orientation, upright.width, upright.height);
      text.push({ kind: r.kind, ...clampBox(shown, img), score: Math.round(r.score * 1000) / 1000 });
    }
  }
  for (const line of lines) {
    for (const f of findFragments(line.text, clean)) {
      const box = runBox(line, f.start, f.end);
      const shown = turnBox(box, ((360 - turn) % 360) as Orientation, upright.width, upright.height);
      text.push({ kind: f.kind, ...clampBox(shown, img), score: Math.round(line.score * 1000) / 1000 });
    }
  }
  timings.text = ms(t);
  const leaks = mergeOverlapping([...text.filter((r) => r.w > 0 && r.h > 0), ...other]).sort((a, b) => a.y - b.y || a.x - b.x);
  timings.total = ms(t0);
  return { leaks, timings_ms: timings };
}

/** Below this slant a line reads as well as it is; above ~15° it is not a slanted line but a column. */
const MIN_SLANT_DEG = 1.5;
const MAX_SLANT_DEG = 15;

/**
 * Fragments of one line box read after turning it level. The slant comes from the ink: the centre
 * of the dark pixels of each column, fitted by a weighted line. Columns dark over more than 45 %
 * of the box are left out: they are a mask bar, not glyph strokes.
 */
async function straightenedFragments(img: RawImage, b: { x: number; y: number; w: number; h: number }, targets: Targets, engines: Engines): Promise<Region[]> {
  const pad = Math.round(0.15 * b.h);
  const box = clampBox({ x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }, img);
  if (box.w < 16 || box.h < 16) return [];
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let x = 0; x < box.w; x++) {
    let dark = 0;
    let ySum = 0;
    for (let y = 0; y < box.h; y++) {
      const p = ((box.y + y) * img.width + box.x + x) * 3;
      const lum = 0.299 * img.data[p]! + 0.587 * img.data[p + 1]! + 0.114 * img.data[p + 2]!;
      if (lum < 128) {
        dark++;
        ySum += y;
      }
    }
    if (dark === 0 || dark > 0.45 * box.h) continue;
    const yc = ySum / dark;
    sw += dark;
    sx += dark * x;
    sy += dark * yc;
    sxx += dark * x * x;
    sxy += dark * x * yc;
  }
  const den = sw * sxx - sx * sx;
  if (sw === 0 || den <= 0) return [];
  const deg = (Math.atan((sw * sxy - sx * sy) / den) * 180) / Math.PI;
  if (Math.abs(deg) < MIN_SLANT_DEG || Math.abs(deg) > MAX_SLANT_DEG) return [];

  const crop = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .extract({ left: box.x, top: box.y, width: box.w, height: box.h })
    .rotate(-deg, { background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const level: RawImage = { data: crop.data, width: crop.info.width, height: crop.info.height };
  const { lines } = await findTextRegions(level, targets, engines.ocr);
  // sharp turned the crop by θ = -deg about its centre onto a larger canvas: undo that per corner.
  const th = (-deg * Math.PI) / 180;
  const back = (px: number, py: number) => {
    const vx = px - level.width / 2;
    const vy = py - level.height / 2;
    return [box.x + box.w / 2 + vx * Math.cos(th) + vy * Math.sin(th), box.y + box.h / 2 - vx * Math.sin(th) + vy * Math.cos(th)] as const;
  };
  const out: Region[] = [];
  for (const line of lines) {
    for (const f of fragmentBoxes(line)) {
      const pts = [back(f.x, f.y), back(f.x + f.w, f.y), back(f.x, f.y + f.h), back(f.x + f.w, f.y + f.h)];
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const x0 = Math.min(...xs);
      const y0 = Math.min(...ys);
      out.push({ kind: f.kind, x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0, score: f.score });
    }
  }
  return out;

  function fragmentBoxes(line: { text: string; box: { x: number; y: number; w: number; h: number }; score: number }): Region[] {
    return findFragments(line.text, targets).map((f) => ({ kind: f.kind, ...runBox(line, f.start, f.end), score: line.score }));
  }
}

/**
 * The box of characters [start, end) of a recognised line: characters are about evenly spaced,
 * so the run's share of the line box, with half a glyph either side and 20 % of the height above
 * and below (masking-facts.md).
 */
function runBox(line: { text: string; box: { x: number; y: number; w: number; h: number } }, start: number, end: number) {
  const b = line.box;
  const n = Math.max(1, line.text.length);
  const padX = 0.5 * Math.min(b.h, b.w / n);
  const x0 = b.x + (b.w * start) / n - padX;
  const x1 = b.x + (b.w * end) / n + padX;
  return { x: x0, y: b.y - 0.2 * b.h, w: x1 - x0, h: 1.4 * b.h };
}

function cleanList(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter((x) => x.length > 0))];
}

async function turnImage(img: RawImage, turn: Orientation): Promise<RawImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(turn)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
