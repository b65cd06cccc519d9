import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { RawImage, Region } from './image-types';
import type { OcrSessions } from './ocr-models';
import { findFragments } from './fragments';
import { findMatches, findSplitMatches, type MatchKind, type MatchTargets } from './text-match';
import { recogniseLines, REC_SQUEEZE, type RecognisedLine } from './text-recognize';

// B1: find the applicant's name and unit in an attachment. DB text detection (PP-OCRv4 det) runs
// on a downscaled copy; line boxes go back to original pixels; each plausible line is recognised
// at full resolution; matches inside a line are cut out with the recogniser's CTC spans.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TextLineBox extends Box {
  /** Mean text probability inside the detected component (0–1). */
  score: number;
  /**
   * Direction of the component's long axis, radians from the x axis (y down: positive runs
   * down to the right), from its second moments; 0 for blobs too short to tell.
   */
  angle?: number;
}

export interface DetectOptions {
  /** Long side of the copy the detector sees (see DEFAULT_DET_MAX_SIDE). */
  maxSide?: number;
  /** Probability above which a pixel counts as text (PaddleOCR det_db_thresh). */
  threshold?: number;
  /** Components whose mean probability is below this are dropped (det_db_box_thresh). */
  boxThreshold?: number;
  /** DB unclip ratio: how far the shrunken text kernel is grown back (det_db_unclip_ratio). */
  unclipRatio?: number;
}

/**
 * A4 at ~80 dpi. Measured: 13–22-px lines of a 150-dpi page, and paragraphs at 1.15 line spacing,
 * gave the same lines at 800, 960 and 1240 px; detector time 0.35 s at 960 vs 0.6 s at 1240 (one
 * core). Full resolution is 3× slower still and peaks at 4.5 GB for 300 dpi.
 */
export const DEFAULT_DET_MAX_SIDE = 960;

// Normalisation of the PaddleOCR detector (ImageNet mean/std), applied to B, G, R planes in that
// order because PaddleOCR feeds OpenCV's BGR images.
const DET_MEAN = [0.406, 0.456, 0.485];
const DET_STD = [0.225, 0.224, 0.229];

/** Downscales (never enlarges) so the long side is at most `maxSide`; returns the scale used. */
export async function downscale(img: RawImage, maxSide: number): Promise<{ img: RawImage; scale: number }> {
  const long = Math.max(img.width, img.height);
  if (long <= maxSide) return { img, scale: 1 };
  const scale = maxSide / long;
  const width = Math.max(1, Math.round(img.width * scale));
  const height = Math.max(1, Math.round(img.height * scale));
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Report the real per-axis scale so boxes map back exactly.
  return { img: { data, width: info.width, height: info.height }, scale: info.width / img.width };
}

/**
 * Detector input: the image padded right and bottom with white to multiples of 32 (the network
 * downsamples 32×). Padding never shifts the origin, so boxes need only the resize undone.
 */
export function detTensor(img: RawImage): ort.Tensor {
  const W = Math.ceil(img.width / 32) * 32;
  const H = Math.ceil(img.height / 32) * 32;
  const plane = W * H;
  const out = new Float32Array(3 * plane);
  const white = [0, 1, 2].map((c) => (1 - DET_MEAN[c]!) / DET_STD[c]!);
  for (let c = 0; c < 3; c++) out.fill(white[c]!, c * plane, (c + 1) * plane);
  const lut = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - DET_MEAN[c]!) / DET_STD[c]!));
  const [lb, lg, lr] = lut as [Float32Array, Float32Array, Float32Array];
  const src = img.data;
  for (let y = 0; y < img.height; y++) {
    let s = y * img.width * 3;
    let d = y * W;
    for (let x = 0; x < img.width; x++, s += 3, d++) {
      out[d] = lb[src[s + 2]!]!;
      out[plane + d] = lg[src[s + 1]!]!;
      out[2 * plane + d] = lr[src[s]!]!;
    }
  }
  return new ort.Tensor('float32', out, [1, 3, H, W]);
}

/**
 * Connected components of the thresholded probability map, each grown by the DB unclip distance
 * (area × ratio / perimeter). Axis-aligned: pages are turned upright before this runs.
 */
export function boxesFromProbabilityMap(
  prob: Float32Array,
  mapW: number,
  mapH: number,
  validW: number,
  validH: number,
  opts: { threshold: number; boxThreshold: number; unclipRatio: number },
): TextLineBox[] {
  return componentsOf(prob, mapW, mapH, validW, validH, opts).boxes;
}

/** The components behind boxesFromProbabilityMap: their label map and each box's label. */
interface Components {
  boxes: TextLineBox[];
  /** Per map pixel: its component's label, 0 for background. */
  label: Int32Array;
  /** Label of each box, in box order. */
  ids: number[];
}

function componentsOf(
  prob: Float32Array,
  mapW: number,
  mapH: number,
  validW: number,
  validH: number,
  opts: { threshold: number; boxThreshold: number; unclipRatio: number },
): Components {
  const label = new Int32Array(mapW * mapH);
  const ids: number[] = [];
  const stack = new Int32Array(mapW * mapH);
  const boxes: TextLineBox[] = [];
  let next = 0;
  for (let y0 = 0; y0 < validH; y0++) {
    for (let x0 = 0; x0 < validW; x0++) {
      const p0 = y0 * mapW + x0;
      if (label[p0] !== 0 || prob[p0]! <= opts.threshold) continue;
      next++;
      let top = 0;
      stack[top++] = p0;
      label[p0] = next;
      let minX = x0, maxX = x0, minY = y0, maxY = y0, count = 0, sum = 0;
      let mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
      while (top > 0) {
        const p = stack[--top]!;
        const x = p % mapW;
        const y = (p - x) / mapW;
        count++;
        sum += prob[p]!;
        mx += x;
        my += y;
        mxx += x * x;
        myy += y * y;
        mxy += x * y;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        // 4-connectivity keeps neighbouring table cells apart.
        if (x > 0 && label[p - 1] === 0 && prob[p - 1]! > opts.threshold) { label[p - 1] = next; stack[top++] = p - 1; }
        if (x + 1 < validW && label[p + 1] === 0 && prob[p + 1]! > opts.threshold) { label[p + 1] = next; stack[top++] = p + 1; }
        if (y > 0 && label[p - mapW] === 0 && prob[p - mapW]! > opts.threshold) { label[p - mapW] = next; stack[top++] = p - mapW; }
        if (y + 1 < validH && label[p + mapW] === 0 && prob[p + mapW]! > opts.threshold) { label[p + mapW] = next; stack[top++] = p + mapW; }
      }
      const w = maxX - minX + 1;
      const h = maxY - minY + 1;
      // PaddleOCR drops boxes whose short side is under 3 px (min_size) before and after unclip.
      if (Math.min(w, h) < 3) continue;
      const score = sum / count;
      if (score < opts.boxThreshold) continue;
      const d = (w * h * opts.unclipRatio) / (2 * (w + h));
      const x1 = Math.max(0, minX - d);
      const y1 = Math.max(0, minY - d);
      const x2 = Math.min(validW, maxX + 1 + d);
      const y2 = Math.min(validH, maxY + 1 + d);
      const cx = mx / count;
      const cy = my / count;
      const angle = 0.5 * Math.atan2(2 * (mxy / count - cx * cy), mxx / count - cx * cx - (myy / count - cy * cy));
      boxes.push({ x: x1, y: y1, w: x2 - x1, h: y2 - y1, score, angle });
      ids.push(next);
    }
  }
  return { boxes, label, ids };
}

export interface DetectedLines {
  /** Line boxes in original pixels (integers, clamped to the image). */
  boxes: TextLineBox[];
  /** The copy the detector saw, and its scale (small = original × scale). */
  small: RawImage;
  scale: number;
  maxSide: number;
  /** The detector's components, kept so turnLines can measure them along other axes. */
  components?: Components & { mapW: number; mapH: number; sx: number; sy: number; unclipRatio: number };
}

// Orientation detection runs the detector on the same page first; when the page is already
// upright the pipeline passes the very same RawImage on, and the lines are reused instead of
// detected twice. Keyed by the pixel buffer, which no stage modifies in place.
const recent = new WeakMap<Buffer, DetectedLines>();

/** Detects text lines, or returns those found for this exact buffer at the same size. */
export async function detectTextLinesCached(img: RawImage, det: ort.InferenceSession, opts: DetectOptions = {}): Promise<DetectedLines> {
  const maxSide = opts.maxSide ?? DEFAULT_DET_MAX_SIDE;
  const hit = recent.get(img.data);
  if (hit && hit.maxSide === maxSide && opts.threshold === undefined && opts.boxThreshold === undefined && opts.unclipRatio === undefined) {
    return hit;
  }
  const { img: small, scale } = await downscale(img, maxSide);
  const input = detTensor(small);
  const out = await det.run({ [det.inputNames[0]!]: input });
  const map = out[det.outputNames[0]!]!;
  const [, , mapH, mapW] = map.dims as number[];
  const unclipRatio = opts.unclipRatio ?? 1.5;
  const comps = componentsOf(map.data as Float32Array, mapW!, mapH!, small.width, small.height, {
    threshold: opts.threshold ?? 0.3,
    boxThreshold: opts.boxThreshold ?? 0.6,
    unclipRatio,
  });
  const found = comps.boxes;
  input.dispose?.();
  map.dispose?.();
  const sx = img.width / small.width;
  const sy = img.height / small.height;
  const boxes = found.map((b) => {
    const x = Math.max(0, Math.floor(b.x * sx));
    const y = Math.max(0, Math.floor(b.y * sy));
    const x2 = Math.min(img.width, Math.ceil((b.x + b.w) * sx));
    const y2 = Math.min(img.height, Math.ceil((b.y + b.h) * sy));
    return { x, y, w: x2 - x, h: y2 - y, score: b.score, angle: b.angle };
  });
  const res: DetectedLines = { boxes, small, scale, maxSide, components: { ...comps, mapW: mapW!, mapH: mapH!, sx, sy, unclipRatio } };
  recent.set(img.data, res);
  return res;
}

/**
 * Issue 12 speed: the lines of `turned`, which is `img` turned clockwise by `deg` (a few degrees,
 * about its centre, on a canvas grown to hold it), from the detector pass already made on `img`
 * instead of a second one. Each component is measured along the turned axes (its pixels' extent,
 * as PaddleOCR's minimum-area rectangle, at the page's angle) and grown by the same DB unclip
 * distance. Cached for `turned`, so orientation and text detection reuse them. Null when `img`
 * was not detected at this size.
 */
export async function turnLines(img: RawImage, turned: RawImage, deg: number, opts: { maxSide?: number } = {}): Promise<DetectedLines | null> {
  const maxSide = opts.maxSide ?? DEFAULT_DET_MAX_SIDE;
  const hit = recent.get(img.data);
  const c = hit?.components;
  if (!hit || !c || hit.maxSide !== maxSide) return null;
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const [cx, cy] = [img.width / 2, img.height / 2];
  const [ncx, ncy] = [turned.width / 2, turned.height / 2];
  // Label → slot of its box; -1 for components that made no box (labels grow in box order).
  const maxId = c.ids.length > 0 ? c.ids[c.ids.length - 1]! : 0;
  const slot = new Int32Array(maxId + 1).fill(-1);
  c.ids.forEach((id, i) => (slot[id] = i));
  const n = c.ids.length;
  const x0 = new Float64Array(n).fill(Infinity);
  const y0 = new Float64Array(n).fill(Infinity);
  const x1 = new Float64Array(n).fill(-Infinity);
  const y1 = new Float64Array(n).fill(-Infinity);
  for (let y = 0, p = 0; y < c.mapH; y++) {
    const Y = (y + 0.5) * c.sy - cy;
    for (let x = 0; x < c.mapW; x++, p++) {
      const l = c.label[p]!;
      if (l === 0 || l > maxId) continue;
      const i = slot[l]!;
      if (i < 0) continue;
      // p' − c' = R(deg)(p − c), as in the pipeline's rotateSlightly.
      const X = (x + 0.5) * c.sx - cx;
      const u = ncx + cos * X - sin * Y;
      const v = ncy + sin * X + cos * Y;
      if (u < x0[i]!) x0[i] = u;
      if (u > x1[i]!) x1[i] = u;
      if (v < y0[i]!) y0[i] = v;
      if (v > y1[i]!) y1[i] = v;
    }
  }
  const boxes: TextLineBox[] = [];
  c.boxes.forEach((b, i) => {
    // Along the line: pixel edges, half a map pixel past the outer centres. Across it the centres
    // of a slanted band's staircase already spread over its full thickness (a band k pixels thick
    // spans about k, not k − 1): no half pixel, or every line comes out a pixel thicker than on
    // a straight page and 6-pt print no longer counts as small (withSmallPrint).
    const L = (x1[i]! - x0[i]!) / c.sx + 1;
    const T = Math.max(1, (y1[i]! - y0[i]!) / c.sy);
    const d = (L * T * c.unclipRatio) / (2 * (L + T));
    const left = Math.max(0, Math.floor(x0[i]! - (0.5 + d) * c.sx));
    const top = Math.max(0, Math.floor(y0[i]! - d * c.sy));
    const right = Math.min(turned.width, Math.ceil(x1[i]! + (0.5 + d) * c.sx));
    const bottom = Math.min(turned.height, Math.ceil(y1[i]! + d * c.sy));
    if (right > left && bottom > top) boxes.push({ x: left, y: top, w: right - left, h: bottom - top, score: b.score, angle: (b.angle ?? 0) + a });
  });
  const { img: small, scale } = await downscale(turned, maxSide);
  const res: DetectedLines = { boxes, small, scale, maxSide };
  recent.set(turned.data, res);
  return res;
}

/** Lines shorter than this many heights say little about the page's skew. */
const SKEW_MIN_ASPECT = 3;

/**
 * Skew of the text in degrees (positive: lines run down to the right; turning the page by minus
 * this straightens them), as the length-weighted median of the long lines' directions, each taken
 * relative to the nearest axis so a page lying on its side counts too. 0 with fewer than 3 lines.
 */
export function estimateSkew(boxes: readonly TextLineBox[]): number {
  const votes: Array<{ deg: number; weight: number }> = [];
  for (const b of boxes) {
    const long = Math.max(b.w, b.h);
    if (b.angle === undefined || long < SKEW_MIN_ASPECT * Math.min(b.w, b.h)) continue;
    let deg = (b.angle * 180) / Math.PI;
    // Relative to the nearest axis: −45°…45°.
    deg = ((((deg + 45) % 90) + 90) % 90) - 45;
    votes.push({ deg, weight: long });
  }
  if (votes.length < 3) return 0;
  votes.sort((a, b) => a.deg - b.deg);
  const half = votes.reduce((s, v) => s + v.weight, 0) / 2;
  let acc = 0;
  for (const v of votes) {
    acc += v.weight;
    if (acc >= half) return v.deg;
  }
  return 0;
}

/** Text line boxes in original pixels (integers, clamped to the image). */
export async function detectTextLines(img: RawImage, det: ort.InferenceSession, opts: DetectOptions = {}): Promise<TextLineBox[]> {
  return (await detectTextLinesCached(img, det, opts)).boxes;
}

/**
 * Whether a line box can hold two characters side by side; single glyphs (a lone 男 in a table)
 * cannot be a name or unit and are not worth a recogniser run. CJK glyphs are about as wide as
 * the line is high, and the DB unclip margin adds to both sides.
 */
export function mayHoldTarget(b: Box): boolean {
  return b.h >= 8 && b.w >= 1.3 * b.h;
}

export interface FoundText {
  regions: Region[];
  lines: Array<{ text: string; box: Box; score: number }>;
  timingsMs: Record<string, number>;
}

/** Vertical padding: detector boxes sit slightly tight on the ink (masking-facts: 20 % reached full cover). */
const PAD_Y = 0.2;
/** Horizontal padding, in character widths, on each side of a match cut out of a longer line. */
const PAD_X_CHARS = 0.5;

/**
 * B1: boxes of the targets' occurrences in an upright page. Each match becomes one region; a
 * target wrapped across two lines becomes two. Regions are in `img` pixels, integer, clamped.
 */
export async function findTextRegions(
  img: RawImage,
  targets: MatchTargets,
  s: OcrSessions,
  opts: { detMaxSide?: number; seals?: readonly Box[] } = {},
): Promise<FoundText> {
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const first = await detectTextLinesCached(img, s.det, { maxSide: opts.detMaxSide });
  timingsMs.det = performance.now() - t;
  t = performance.now();
  const boxes = await withSmallPrint(img, first, s.det);
  timingsMs.small = performance.now() - t;
  const lineBoxes = boxes.filter(mayHoldTarget).sort((a, b) => a.y - b.y || a.x - b.x);
  const hasTargets = targets.names.some((n) => n.trim()) || targets.units.some((u) => u.trim());
  t = performance.now();
  // Small print keeps its full width: squeezed to half, the 14-px glyphs of a 6-pt footnote at
  // 150 dpi ran together (李娜 read as 李); at 3/4 and 1 they read right.
  const squeeze = (b: Box) => (b.h < SMALL_REC_PX ? 1 : REC_SQUEEZE);
  const lines = hasTargets ? await recogniseLines(img, lineBoxes, s.rec, s.dict, squeeze) : [];
  timingsMs.rec = performance.now() - t;

  t = performance.now();
  const regions: Region[] = [];
  for (const line of lines) {
    for (const m of findMatches(line.text, targets)) regions.push(matchRegion(img, line, m.start, m.end, m.kind));
  }
  for (const [upper, lower] of followingLines(lines)) {
    for (const m of findSplitMatches(upper.text, lower.text, targets)) {
      regions.push(matchRegion(img, upper, m.first.start, m.first.end, m.kind));
      regions.push(matchRegion(img, lower, m.second.start, m.second.end, m.kind));
    }
  }
  // Issue 12 item 2: a seal stamped over the unit's 落款 leaves only part of the name readable;
  // on a line beside a seal, an identifying run of the unit (≥ 4 characters, fragments.ts) is the
  // unit too, as verification would find it.
  for (const line of lines) {
    if (!(opts.seals ?? []).some((seal) => besideSeal(line.box, seal))) continue;
    for (const f of findFragments(line.text, { names: [], units: targets.units })) {
      if (f.kind === 'unit') regions.push(matchRegion(img, line, f.start, f.end, 'unit'));
    }
  }
  timingsMs.match = performance.now() - t;
  return {
    regions: dedupe(regions),
    lines: lines.map((l) => ({ text: l.text, box: l.box, score: l.score })),
    timingsMs,
  };
}

/**
 * Whether a line runs into a seal or stops short of it on the same row: its middle within the
 * seal's rows, and at most one seal width between them.
 */
function besideSeal(line: Box, seal: Box): boolean {
  const mid = line.y + line.h / 2;
  if (mid < seal.y || mid > seal.y + seal.h) return false;
  const gap = Math.max(seal.x - (line.x + line.w), line.x - (seal.x + seal.w));
  return gap <= seal.w;
}

/**
 * A line is "small" when the detector saw it under this many pixels high (unclip margin
 * included): its glyphs were ~8 px there, where DB starts to merge and drop characters.
 */
const SMALL_LINE_DET_PX = 16;
/** Line boxes lower than this (original pixels, ~20-px glyphs) are recognised unsqueezed. */
const SMALL_REC_PX = 40;
/** The second pass looks at small print this many times larger than the first (never above 1:1). */
const SMALL_ZOOM = 2;

/**
 * Issue 12 item 2: where the first pass found small lines (6-pt print at 150 dpi is 12–15 px
 * high), detect again on just that part of the page at twice the scale, and let the finer boxes
 * replace the coarse ones they overlap.
 */
async function withSmallPrint(img: RawImage, first: DetectedLines, det: ort.InferenceSession): Promise<TextLineBox[]> {
  if (first.scale >= 1) return first.boxes;
  const small = first.boxes.filter((b) => b.h * first.scale < SMALL_LINE_DET_PX && b.w >= 2 * b.h);
  if (small.length === 0) return first.boxes;
  const pad = Math.max(...small.map((b) => b.h)) * 2;
  const x0 = Math.max(0, Math.floor(Math.min(...small.map((b) => b.x)) - pad));
  const y0 = Math.max(0, Math.floor(Math.min(...small.map((b) => b.y)) - pad));
  const x1 = Math.min(img.width, Math.ceil(Math.max(...small.map((b) => b.x + b.w)) + pad));
  const y1 = Math.min(img.height, Math.ceil(Math.max(...small.map((b) => b.y + b.h)) + pad));
  const zoom = Math.min(1, SMALL_ZOOM * first.scale);
  const cw = Math.max(1, Math.round((x1 - x0) * zoom));
  const ch = Math.max(1, Math.round((y1 - y0) * zoom));
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 })
    .resize(cw, ch, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const input = detTensor({ data, width: info.width, height: info.height });
  const out = await det.run({ [det.inputNames[0]!]: input });
  const map = out[det.outputNames[0]!]!;
  const [, , mapH, mapW] = map.dims as number[];
  const found = boxesFromProbabilityMap(map.data as Float32Array, mapW!, mapH!, info.width, info.height, { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5 });
  input.dispose?.();
  map.dispose?.();
  const sx = (x1 - x0) / info.width;
  const sy = (y1 - y0) / info.height;
  const fine: TextLineBox[] = found.map((b) => {
    const x = Math.max(0, Math.floor(x0 + b.x * sx));
    const y = Math.max(0, Math.floor(y0 + b.y * sy));
    const xe = Math.min(img.width, Math.ceil(x0 + (b.x + b.w) * sx));
    const ye = Math.min(img.height, Math.ceil(y0 + (b.y + b.h) * sy));
    return { x, y, w: xe - x, h: ye - y, score: b.score, angle: b.angle };
  });
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  // Coarse small lines give way to the fine ones over them; everything else stays.
  const kept = first.boxes.filter((b) => !(small.includes(b) && fine.some((f) => overlaps(f, b))));
  const isNew = (f: TextLineBox) => !kept.some((k) => overlaps(k, f) && !small.includes(k) && k.h * first.scale >= SMALL_LINE_DET_PX);
  return [...kept, ...fine.filter(isNew)];
}

/**
 * Pairs (upper, lower) where `lower` may continue `upper`: directly below it (gap under 1.5
 * line heights), overlapping horizontally, of similar height; or level with it and just to its
 * right. Covers wrapped paragraphs, text wrapped inside a table cell, and a name cut by a cell
 * border.
 */
function followingLines(lines: RecognisedLine[]): Array<[RecognisedLine, RecognisedLine]> {
  const pairs: Array<[RecognisedLine, RecognisedLine]> = [];
  for (const a of lines) {
    // Every line below that qualifies, not just the nearest: in a table the label of the next
    // cell (工作单位) can sit between a wrapped unit's two halves in y.
    const below: RecognisedLine[] = [];
    for (const b of lines) {
      if (b === a) continue;
      const gap = b.box.y - (a.box.y + a.box.h);
      if (b.box.y <= a.box.y + a.box.h / 2 || gap > 1.5 * a.box.h) continue;
      if (b.box.x >= a.box.x + a.box.w || a.box.x >= b.box.x + b.box.w) continue;
      if (b.box.h > 1.6 * a.box.h || a.box.h > 1.6 * b.box.h) continue;
      below.push(b);
    }
    below.sort((p, q) => p.box.y - q.box.y);
    for (const b of below.slice(0, 3)) pairs.push([a, b]);
    // The same line cut by a table rule or a wide gap: the next box to the right, level with it.
    let beside: RecognisedLine | null = null;
    for (const b of lines) {
      if (b === a) continue;
      const gap = b.box.x - (a.box.x + a.box.w);
      if (gap < -0.5 * a.box.h || gap > 2 * a.box.h) continue;
      if (Math.abs(b.box.y + b.box.h / 2 - (a.box.y + a.box.h / 2)) > 0.35 * a.box.h) continue;
      if (b.box.h > 1.6 * a.box.h || a.box.h > 1.6 * b.box.h) continue;
      if (!beside || b.box.x < beside.box.x) beside = b;
    }
    if (beside) pairs.push([a, beside]);
  }
  return pairs;
}

/** Longest text a region carries (the API's RegionView allows 100 characters). */
const MAX_TEXT = 100;

/** Region around line characters [start, end) (string indices), padded, in image pixels, with the characters read there. */
function matchRegion(img: RawImage, line: RecognisedLine, start: number, end: number, kind: MatchKind): Region {
  // String index → character index (a dictionary entry may be more than one UTF-16 unit).
  const owner: number[] = [];
  line.chars.forEach((c, i) => {
    for (let k = 0; k < c.char.length; k++) owner.push(i);
  });
  const first = owner[start] ?? 0;
  const last = owner[end - 1] ?? line.chars.length - 1;
  const chars = line.chars.slice(first, last + 1);
  const box = line.box;
  // At a line end the detector's edge is better than the span estimate.
  const x0 = first === 0 ? box.x : chars[0]!.x0;
  const x1 = last === line.chars.length - 1 ? box.x + box.w : chars[chars.length - 1]!.x1;
  const charW = Math.min(box.h, (chars[chars.length - 1]!.x1 - chars[0]!.x0) / chars.length);
  const padX = first === 0 && last === line.chars.length - 1 ? 0 : PAD_X_CHARS * charW;
  const padY = PAD_Y * box.h;
  const left = Math.max(0, Math.floor(x0 - (first === 0 ? 0 : padX)));
  const right = Math.min(img.width, Math.ceil(x1 + (last === line.chars.length - 1 ? 0 : padX)));
  const top = Math.max(0, Math.floor(box.y - padY));
  const bottom = Math.min(img.height, Math.ceil(box.y + box.h + padY));
  const score = chars.reduce((sum, c) => sum + c.prob, 0) / chars.length;
  const text = chars.map((c) => c.char).join('').slice(0, MAX_TEXT);
  return { kind, x: left, y: top, w: right - left, h: bottom - top, score: Math.round(score * 1000) / 1000, text };
}

/** Drops exact repeats (the same occurrence found by a name and its alias). */
function dedupe(regions: Region[]): Region[] {
  const seen = new Set<string>();
  return regions.filter((r) => {
    const key = `${r.kind}:${r.x},${r.y},${r.w},${r.h}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
