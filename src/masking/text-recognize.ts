import ort from 'onnxruntime-node';
import type { RawImage } from './image-types';

// B1: CTC recognition of detected line crops with PP-OCRv4 rec. We decode the [N, T, 6625]
// softmax ourselves (greedy CTC) to keep, for every character, the time steps it was read at,
// which locate a name inside a longer line (IoU 0.90 vs 0.84 for splitting by character count).

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RecognisedChar {
  char: string;
  /** Mean softmax probability of the steps that produced this character. */
  prob: number;
  /** First and last time step (inclusive) of the character's run. */
  t0: number;
  t1: number;
  /** Estimated horizontal extent in original pixels: halfway to the neighbouring characters' centres. */
  x0: number;
  x1: number;
}

export interface RecognisedLine {
  text: string;
  box: Box;
  /** Mean character probability (0 when nothing was read). */
  score: number;
  chars: RecognisedChar[];
}

/** Recogniser input height (PP-OCRv4 rec_image_shape 3×48×W). */
export const REC_HEIGHT = 48;
/** Wider crops are squeezed to this width: an A4 line of 9-pt text at 300 dpi stays under it. */
const REC_MAX_WIDTH = 3200;
/**
 * Crops are narrowed to this fraction of their aspect-true width. Recogniser time grows linearly
 * with input width (≈0.1 ms per column on one core); on a blurred JPEG-35 test page of 7–11-pt
 * sans and serif lines the character error rate was 2.45 % at 3/4, 1.81 % at 1/2, none at 20 px
 * and up, so half width costs nothing. A CJK glyph still spans 3 time steps, a digit ~2, enough for
 * CTC to separate doubled characters (买买).
 */
export const REC_SQUEEZE = 0.5;

interface Taps {
  index: Int32Array;
  weight: Float32Array;
  /** Taps per output sample. */
  n: number;
}

/**
 * Separable resampling weights (triangle filter widened by the downscale factor, as PIL's
 * antialiased bilinear): averages every source pixel when shrinking, interpolates when enlarging.
 */
function taps(srcStart: number, srcLen: number, dstLen: number, srcLimit: number): Taps {
  const scale = srcLen / dstLen;
  const support = Math.max(1, scale);
  const n = Math.ceil(support) * 2 + 1;
  const index = new Int32Array(dstLen * n);
  const weight = new Float32Array(dstLen * n);
  for (let i = 0; i < dstLen; i++) {
    const centre = srcStart + (i + 0.5) * scale;
    const lo = Math.floor(centre - support);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const s = lo + k;
      const w = Math.max(0, 1 - Math.abs(s + 0.5 - centre) / support);
      index[i * n + k] = Math.min(srcLimit - 1, Math.max(0, s));
      weight[i * n + k] = w;
      total += w;
    }
    for (let k = 0; k < n; k++) weight[i * n + k]! /= total || 1;
  }
  return { index, weight, n };
}

/**
 * Writes the crop `box` of `img`, resized to tw×th, into `out` (NCHW, B,G,R planes, PaddleOCR's
 * (v/255 − 0.5)/0.5 normalisation) at image slot `slot` of a batch whose width is `batchW`.
 */
export function writeCrop(img: RawImage, box: Box, tw: number, th: number, out: Float32Array, slot: number, batchW: number): void {
  const ty = taps(box.y, box.h, th, img.height);
  const tx = taps(box.x, box.w, tw, img.width);
  // Vertical pass over the crop's columns, then horizontal.
  const x0 = Math.max(0, Math.floor(box.x) - tx.n);
  const x1 = Math.min(img.width, Math.ceil(box.x + box.w) + tx.n);
  const cw = x1 - x0;
  const mid = new Float32Array(th * cw * 3);
  const src = img.data;
  const stride = img.width * 3;
  for (let y = 0; y < th; y++) {
    const row = y * cw * 3;
    for (let k = 0; k < ty.n; k++) {
      const w = ty.weight[y * ty.n + k]!;
      if (w === 0) continue;
      const base = ty.index[y * ty.n + k]! * stride + x0 * 3;
      for (let i = 0; i < cw * 3; i++) mid[row + i]! += w * src[base + i]!;
    }
  }
  const plane = th * batchW;
  const off = slot * 3 * plane;
  for (let y = 0; y < th; y++) {
    const row = y * cw * 3;
    for (let x = 0; x < tw; x++) {
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < tx.n; k++) {
        const w = tx.weight[x * tx.n + k]!;
        if (w === 0) continue;
        const s = row + (tx.index[x * tx.n + k]! - x0) * 3;
        r += w * mid[s]!;
        g += w * mid[s + 1]!;
        b += w * mid[s + 2]!;
      }
      const d = off + y * batchW + x;
      out[d] = b / 127.5 - 1;
      out[plane + d] = g / 127.5 - 1;
      out[2 * plane + d] = r / 127.5 - 1;
    }
  }
}

/** Input width for a crop: height 48, width from the aspect × REC_SQUEEZE, at least 16 px. */
export function recWidth(box: Box, squeeze = REC_SQUEEZE): number {
  return Math.max(16, Math.min(REC_MAX_WIDTH, Math.ceil((squeeze * REC_HEIGHT * box.w) / Math.max(1, box.h))));
}

/**
 * Greedy CTC decoding of one crop's [T, C] probabilities. Characters keep their time-step run;
 * x extents are filled in by the caller, who knows the crop geometry.
 */
export function decodeCtc(probs: Float32Array, offset: number, steps: number, classes: number, dict: string[]): RecognisedChar[] {
  const chars: RecognisedChar[] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === prev) {
      const last = chars[chars.length - 1]!;
      last.prob = (last.prob * (last.t1 - last.t0 + 1) + bestP) / (last.t1 - last.t0 + 2);
      last.t1 = t;
    } else if (best !== 0) {
      chars.push({ char: dict[best] ?? '', prob: bestP, t0: t, t1: t, x0: 0, x1: 0 });
    }
    prev = best;
  }
  return chars;
}

/**
 * Fills x0/x1 in original pixels. A step covers `step` input pixels; a character sits at the
 * centre of its run, and its edges are halfway to the neighbours' centres (CTC peaks are narrow,
 * so run edges alone would make characters far too thin).
 */
export function placeChars(chars: RecognisedChar[], box: Box, inputW: number, step: number): void {
  const toX = (inputX: number) => box.x + (inputX * box.w) / inputW;
  const centres = chars.map((c) => toX(((c.t0 + c.t1 + 1) / 2) * step));
  const gaps = centres.slice(1).map((c, i) => c - centres[i]!);
  const typical = gaps.length > 0 ? [...gaps].sort((a, b) => a - b)[gaps.length >> 1]! : box.h;
  chars.forEach((c, i) => {
    const left = i > 0 ? (centres[i - 1]! + centres[i]!) / 2 : centres[i]! - typical / 2;
    const right = i + 1 < chars.length ? (centres[i]! + centres[i + 1]!) / 2 : centres[i]! + typical / 2;
    c.x0 = Math.max(box.x, left);
    c.x1 = Math.min(box.x + box.w, right);
  });
}

/**
 * Recognises every box (original-pixel coordinates); returns lines in the order of `boxes`.
 * One run per crop: batching crops of different widths pads them, and measured slower here.
 */
export async function recogniseLines(img: RawImage, boxes: Box[], rec: ort.InferenceSession, dict: string[], squeezeOf: (b: Box) => number = () => REC_SQUEEZE): Promise<RecognisedLine[]> {
  const results: RecognisedLine[] = [];
  for (const box of boxes) {
    const w = recWidth(box, squeezeOf(box));
    const data = new Float32Array(3 * REC_HEIGHT * w);
    writeCrop(img, box, w, REC_HEIGHT, data, 0, w);
    const input = new ort.Tensor('float32', data, [1, 3, REC_HEIGHT, w]);
    const out = await rec.run({ [rec.inputNames[0]!]: input });
    const probs = out[rec.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as number[];
    const chars = decodeCtc(probs.data as Float32Array, 0, steps!, classes!, dict);
    placeChars(chars, box, w, w / steps!);
    const score = chars.length > 0 ? chars.reduce((sum, c) => sum + c.prob, 0) / chars.length : 0;
    results.push({ text: chars.map((c) => c.char).join(''), box, score, chars });
    input.dispose?.();
    probs.dispose?.();
  }
  return results;
}
