import sharp from 'sharp';
import type { RawImage, Region } from './image-types';

// Red official seals (公章): a red ring (circle or ellipse) with rim text and a star. Found by
// colour, not by a model: red mask on a ≤800-px copy → dilate → connected components → shape
// filters. Red titles and red rules fail the shape filters (masking-facts.md).

export interface SealDetectOptions {
  /** Long side of the working copy; a 30-mm seal on A4 is still ~80 px there. */
  workSide?: number;
  /** A smaller copy of the same page made earlier (e.g. for the text detector), to shrink from. */
  shrunk?: RawImage;
}

const MIN_SIDE_FRACTION = 0.08; // of the page's short side: 17 mm on A4, above any title glyph; official seals are ≥ 28 mm
const MAX_SIDE_FRACTION = 0.7; // a seal photographed close up still leaves paper around it

export interface SealCandidate {
  box: { x: number; y: number; w: number; h: number };
  fill: number;
  ringSectors: number;
  centreEmpty: boolean;
  /** Why it is not a seal, or null when it is one. */
  rejected: string | null;
}

export async function detectSeals(img: RawImage, opts: SealDetectOptions = {}): Promise<Region[]> {
  const cands = await sealCandidates(img, opts);
  return cands
    .filter((c) => c.rejected === null)
    .map((c) => ({ kind: 'seal' as const, ...c.box, score: Math.min(1, 0.5 + c.ringSectors / 2) }));
}

/** Every red blob of plausible size with its shape measures; exported for tuning and tests. */
export async function sealCandidates(img: RawImage, opts: SealDetectOptions = {}): Promise<SealCandidate[]> {
  const workSide = opts.workSide ?? 800;
  const f = Math.min(1, workSide / Math.max(img.width, img.height));
  const w = Math.max(1, Math.round(img.width * f));
  const h = Math.max(1, Math.round(img.height * f));
  const src = opts.shrunk && opts.shrunk.width >= w ? opts.shrunk : img;
  const small =
    src.width === w && src.height === h
      ? src.data
      : await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } })
          .resize(w, h, { fit: 'fill' })
          .raw()
          .toBuffer();
  const red = redMask(small, w, h);
  const grown = dilate(red, w, h, 2);
  // Components of the grown mask are 2 px wider than the red they hold; shrink them back.
  const comps = components(grown, w, h).map((c) => ({ x0: c.x0 + 2, y0: c.y0 + 2, x1: c.x1 - 2, y1: c.y1 - 2 }));
  const shortSide = Math.min(w, h);
  const out: SealCandidate[] = [];
  for (const c of comps) {
    const bw = c.x1 - c.x0 + 1;
    const bh = c.y1 - c.y0 + 1;
    if (Math.min(bw, bh) < Math.max(12, shortSide * MIN_SIDE_FRACTION)) continue;
    if (Math.max(bw, bh) > shortSide * MAX_SIDE_FRACTION) continue;
    const aspect = bw / bh;
    const shape = ringShape(red, w, c);
    let rejected: string | null = null;
    if (aspect < 0.6 || aspect > 1.67) rejected = 'aspect';
    else if (shape.fill > 0.5) rejected = 'solid'; // a red patch in a photo, a filled block
    else if (shape.fill < 0.04) rejected = 'sparse';
    else if (shape.ringSectors < 0.8) rejected = 'no-rim'; // an unbroken rim goes most of the way round
    else if (shape.centreEmpty) rejected = 'empty-centre';
    const sx = img.width / w;
    const sy = img.height / h;
    out.push({ box: { x: c.x0 * sx, y: c.y0 * sy, w: bw * sx, h: bh * sy }, ...shape, rejected });
  }
  return out;
}

/**
 * Stamp red in HSV: hue from −35° (pinkish) to +15°, saturation ≥ 0.18, red channel ≥ 100.
 * The low saturation floor keeps faded, dusty stamps; skin and orange (hue ≥ 15°) and dark
 * maroon print stay out.
 */
export function redMask(rgb: Buffer, w: number, h: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let i = 0, p = 0; i < w * h; i++, p += 3) {
    const r = rgb[p]!;
    const g = rgb[p + 1]!;
    const b = rgb[p + 2]!;
    if (r < 100 || r <= g || r <= b) continue;
    const min = g < b ? g : b;
    const sat = (r - min) / r;
    if (sat < 0.18) continue;
    // Hue of a red-dominant pixel: 60° × (g − b) / (r − min), negative toward magenta.
    const hue = (60 * (g - b)) / (r - min);
    if (hue > 15 || hue < -35) continue;
    m[i] = 1;
  }
  return m;
}

function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  // Separable box dilation: rows, then columns.
  const tmp = new Uint8Array(w * h);
  const rowNext = new Int32Array(w + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    rowNext[w] = 2 ** 30;
    for (let x = w - 1; x >= 0; x--) rowNext[x] = src[row + x] ? x : rowNext[x + 1]!;
    let prev = -Infinity;
    for (let x = 0; x < w; x++) {
      if (src[row + x]) prev = x;
      if (x - prev <= r || rowNext[x]! - x <= r) tmp[row + x] = 1;
    }
  }
  const out = new Uint8Array(w * h);
  const nextOn = new Int32Array(h + 1);
  for (let x = 0; x < w; x++) {
    nextOn[h] = 2 ** 30;
    for (let y = h - 1; y >= 0; y--) nextOn[y] = tmp[y * w + x] ? y : nextOn[y + 1]!;
    let prev = -Infinity;
    for (let y = 0; y < h; y++) {
      if (tmp[y * w + x]) prev = y;
      if (y - prev <= r || nextOn[y]! - y <= r) out[y * w + x] = 1;
    }
  }
  return out;
}

interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function components(mask: Uint8Array, w: number, h: number): Component[] {
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const out: Component[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!mask[start] || seen[start]) continue;
    let sp = 0;
    stack[sp++] = start;
    seen[start] = 1;
    const c = { x0: w, y0: h, x1: 0, y1: 0 };
    while (sp > 0) {
      const i = stack[--sp]!;
      const x = i % w;
      const y = (i - x) / w;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      if (x > 0 && mask[i - 1] && !seen[i - 1]) (seen[i - 1] = 1), (stack[sp++] = i - 1);
      if (x < w - 1 && mask[i + 1] && !seen[i + 1]) (seen[i + 1] = 1), (stack[sp++] = i + 1);
      if (y > 0 && mask[i - w] && !seen[i - w]) (seen[i - w] = 1), (stack[sp++] = i - w);
      if (y < h - 1 && mask[i + w] && !seen[i + w]) (seen[i + w] = 1), (stack[sp++] = i + w);
    }
    out.push(c);
  }
  return out;
}

const SECTORS = 36;
const BIN = 0.02; // radial histogram step, in units of the box's half-size
const BINS = 75; // up to 1.5: a turned ellipse reaches past the box's inscribed ellipse

/**
 * How seal-like the red inside a component's box is. `fill`: red share of the inscribed
 * ellipse. `ringSectors`: share of 36 angular sectors where, just inside the outermost red,
 * a band 12 % of the radius deep is at least 30 % red, and that outermost red lies in the outer
 * quarter. A stamped rim passes all round, whatever the ellipse's tilt; a glyph, a photo or a
 * blot does not. `centreEmpty`: no red within 30 % of the centre (a seal has a star there).
 */
function ringShape(red: Uint8Array, w: number, c: Component): { fill: number; ringSectors: number; centreEmpty: boolean } {
  const cx = (c.x0 + c.x1 + 1) / 2;
  const cy = (c.y0 + c.y1 + 1) / 2;
  const rx = (c.x1 - c.x0 + 1) / 2;
  const ry = (c.y1 - c.y0 + 1) / 2;
  const all = new Uint32Array(SECTORS * BINS);
  const hot = new Uint32Array(SECTORS * BINS);
  let inside = 0;
  let redInside = 0;
  let centreRed = 0;
  for (let y = c.y0; y <= c.y1; y++) {
    const dy = (y + 0.5 - cy) / ry;
    for (let x = c.x0; x <= c.x1; x++) {
      const dx = (x + 0.5 - cx) / rx;
      const d = Math.sqrt(dx * dx + dy * dy);
      const isRed = red[y * w + x] === 1;
      if (d <= 1) {
        inside++;
        if (isRed) redInside++;
        if (isRed && d <= 0.3) centreRed++;
      }
      const a = Math.atan2(dy, dx);
      const sector = Math.min(SECTORS - 1, Math.floor(((a + Math.PI) / (2 * Math.PI)) * SECTORS));
      const bin = Math.min(BINS - 1, Math.floor(d / BIN));
      all[sector * BINS + bin]!++;
      if (isRed) hot[sector * BINS + bin]!++;
    }
  }
  const depth = Math.round(0.12 / BIN);
  let good = 0;
  for (let s = 0; s < SECTORS; s++) {
    let outer = -1;
    for (let b = BINS - 1; b >= 0; b--) {
      if (hot[s * BINS + b]! >= 2) {
        outer = b;
        break;
      }
    }
    if (outer < 0 || (outer + 1) * BIN < 0.75) continue;
    let n = 0;
    let r = 0;
    for (let b = Math.max(0, outer - depth + 1); b <= outer; b++) {
      n += all[s * BINS + b]!;
      r += hot[s * BINS + b]!;
    }
    if (n > 0 && r / n >= 0.3) good++;
  }
  return {
    fill: inside ? redInside / inside : 0,
    ringSectors: good / SECTORS,
    centreEmpty: centreRed === 0,
  };
}
