import sharp from 'sharp';
import { decodeJpeg, type DecodeOptions } from './decode';
import { detectFaces, faceRegions, loadFaceSession, type FaceSession } from './face-detect';
import type { RawImage, Region } from './image-types';
import { loadOcrSessions, type OcrSessions } from './ocr-models';
import { detectOrientation } from './orient';
import { proposeRegions, textUnderSeals, turnBox } from './propose';
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
  // BlazeFace runs one 256-px tile at a time; a second thread made each tile slower (measured).
  const [ocr, face] = await Promise.all([loadOcrSessions(opts), loadFaceSession({ intraOpNumThreads: 1 })]);
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
  const underSeal = textUnderSeals(rowBoxes, seals);

  t = performance.now();
  const regions = proposeRegions([...text, ...underSeal, ...seals, ...faces], img, { margins: TEXT_PADDED });
  timings.propose = ms(t);
  return { width: img.width, height: img.height, orientation, regions, timings_ms: timings };
}

// text-detect.ts already pads its boxes (20 % of the line height, half a glyph sideways).
const TEXT_PADDED = { name: { x: 0, y: 0 }, unit: { x: 0, y: 0 } };

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
