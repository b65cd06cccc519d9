import sharp from 'sharp';
import { decodeJpeg, type DecodeOptions } from './decode';
import { detectFaces, faceRegions, loadFaceSession, type FaceSession } from './face-detect';
import type { RawImage, Region } from './image-types';
import { loadOcrSessions, type OcrSessions } from './ocr-models';
import { detectOrientation } from './orient';
import { proposeRegions, turnBox } from './propose';
import { detectSeals } from './seal-detect';
import { detectTextLinesCached, findTextRegions } from './text-detect';

// orient → detect → propose (STYLE §1). Burning is burn.ts; verify.ts re-runs this on the result.

export interface Targets {
  /** The applicant's name(s) as written on certificates. */
  names: string[];
  /** Unit full name and aliases (简称). */
  units: string[];
}

/** Models loaded once per process or worker thread (STYLE §7); reused for every page. */
export interface Engines {
  ocr: OcrSessions;
  face: FaceSession;
}

export type Orientation = 0 | 90 | 180 | 270;

/** The `zhiping detect --json` shape (issue 3); other tools depend on it exactly. */
export interface DetectResult {
  width: number;
  height: number;
  /** Clockwise turn that would make the page read upright; regions are NOT turned by it. */
  orientation: Orientation;
  regions: Region[];
  timings_ms: Record<string, number>;
}

export interface DetectOptions extends DecodeOptions {
  /** Long side the text detector works at (see text-detect.ts). */
  detMaxSide?: number;
}

export async function loadEngines(opts: { intraOpNumThreads?: number } = {}): Promise<Engines> {
  const [ocr, face] = await Promise.all([loadOcrSessions(opts), loadFaceSession(opts)]);
  return { ocr, face };
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/** JPEG bytes → regions to mask, in displayed pixels (EXIF orientation applied). */
export async function detect(bytes: Uint8Array, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<DetectResult> {
  const t0 = performance.now();
  const img = await decodeJpeg(bytes, opts);
  const decodeMs = ms(t0);
  const res = await detectDecoded(img, targets, engines, opts);
  res.timings_ms = { decode: decodeMs, ...res.timings_ms, total: ms(t0) };
  return res;
}

export async function detectDecoded(img: RawImage, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<DetectResult> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const { orientation } = await detectOrientation(img, engines.ocr);
  timings.orient = ms(t);

  // Text and faces are read on the upright page, then mapped back to displayed pixels.
  t = performance.now();
  const upright = orientation === 0 ? img : await turnImage(img, orientation);
  if (orientation !== 0) timings.turn = ms(t);
  const back = (r: Region): Region => ({ ...r, ...turnBox(r, ((360 - orientation) % 360) as Orientation, upright.width, upright.height) });

  // One stage after another: each ONNX session already uses every core it is given, so running
  // them side by side only adds contention on a 2-core machine.
  t = performance.now();
  const found = await findTextRegions(upright, cleanTargets(targets), engines.ocr, { detMaxSide: opts.detMaxSide });
  timings.text = ms(t);
  for (const [k, v] of Object.entries(found.timingsMs)) timings[`text_${k}`] = Math.round(v * 10) / 10;
  const text = found.regions.map(back);
  // The detector's lines and its ~1240-px copy are cached per page: reuse both.
  const uprightLines = await detectTextLinesCached(upright, engines.ocr.det, { maxSide: opts.detMaxSide });
  // detectOrientation ran the detector on the page as displayed, at the default size.
  const shown = orientation === 0 ? uprightLines : await detectTextLinesCached(img, engines.ocr.det);

  t = performance.now();
  const seals = await detectSeals(img, { shrunk: shown.small }); // round: no upright page needed
  timings.seal = ms(t);

  t = performance.now();
  const faces = faceRegions(await detectFaces(upright, engines.face, { shrunk: uprightLines.small })).map(back);
  timings.face = ms(t);

  const rowBoxes = uprightLines.boxes.map((b) => back({ kind: 'unit', ...b, score: b.score }));
  const underSeal = unitLinesUnderSeals(
    found.lines.map((l) => ({ ...l, box: back({ kind: 'unit', ...l.box, score: l.score }) })),
    seals,
    rowBoxes,
    targets,
  );

  t = performance.now();
  const regions = proposeRegions([...text, ...underSeal, ...seals, ...faces], img, { margins: TEXT_PADDED });
  timings.propose = ms(t);
  return { width: img.width, height: img.height, orientation, regions, timings_ms: timings };
}

// text-detect.ts already pads its boxes (20 % of the line height, half a glyph sideways).
const TEXT_PADDED = { name: { x: 0, y: 0 }, unit: { x: 0, y: 0 } };

/**
 * The unit's name under its own seal (落款) is unreadable where the red covers it (masking-facts),
 * so the matcher misses it and the seal box alone leaves its ends showing. A line that runs under
 * a seal and still reads at least 3 consecutive characters of a unit name (or 40 % of a short
 * alias) is masked across the seal's width, together with the text boxes that continue it on
 * the same row (the detector cuts the row where the red crosses it).
 */
export function unitLinesUnderSeals(
  lines: ReadonlyArray<{ text: string; box: Region }>,
  seals: readonly Region[],
  rowBoxes: readonly Region[],
  targets: Targets,
): Region[] {
  const units = targets.units.map(normalise).filter((u) => u.length >= 2);
  const out: Region[] = [];
  for (const line of lines) {
    const b = line.box;
    const seal = seals.find((s) => {
      const ix = Math.min(b.x + b.w, s.x + s.w) - Math.max(b.x, s.x);
      const iy = Math.min(b.y + b.h, s.y + s.h) - Math.max(b.y, s.y);
      return ix > 0 && iy > 0.5 * b.h;
    });
    if (!seal) continue;
    const text = normalise(line.text);
    const hit = units.some((u) => {
      const common = longestCommonSubstring(text, u);
      return common >= 3 || common >= Math.ceil(0.4 * u.length);
    });
    if (!hit) continue;
    let x0 = Math.min(b.x, seal.x);
    let x1 = Math.max(b.x + b.w, seal.x + seal.w);
    const sameRow = rowBoxes.filter((r) => Math.min(r.y + r.h, b.y + b.h) - Math.max(r.y, b.y) >= 0.5 * Math.min(r.h, b.h));
    for (let grown = true; grown; ) {
      grown = false;
      for (const r of sameRow) {
        const gap = Math.max(r.x - x1, x0 - (r.x + r.w));
        if (gap <= b.h && (r.x < x0 || r.x + r.w > x1)) {
          x0 = Math.min(x0, r.x);
          x1 = Math.max(x1, r.x + r.w);
          grown = true;
        }
      }
    }
    const padY = 0.2 * b.h;
    const padX = 0.5 * b.h;
    out.push({ kind: 'unit', x: x0 - padX, y: b.y - padY, w: x1 - x0 + 2 * padX, h: b.h + 2 * padY, score: 0.5 });
  }
  return out;
}

function normalise(s: string): string {
  return s.replace(/[\s\p{P}\p{S}]/gu, '');
}

function longestCommonSubstring(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let best = 0;
  let prev = new Array<number>(B.length + 1).fill(0);
  for (let i = 1; i <= A.length; i++) {
    const cur = new Array<number>(B.length + 1).fill(0);
    for (let j = 1; j <= B.length; j++) {
      if (A[i - 1] === B[j - 1]) {
        cur[j] = prev[j - 1]! + 1;
        if (cur[j]! > best) best = cur[j]!;
      }
    }
    prev = cur;
  }
  return best;
}

/** Trims and drops empty target strings so an empty alias cannot match every line. */
function cleanTargets(t: Targets): Targets {
  const clean = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter((x) => x.length > 0))];
  return { names: clean(t.names), units: clean(t.units) };
}

async function turnImage(img: RawImage, turn: Orientation): Promise<RawImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(turn)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
