import sharp from 'sharp';
import { decodeJpeg, type DecodeOptions } from './decode';
import { detectFaces, faceRegions, loadFaceSession, type FaceSession } from './face-detect';
import type { RawImage, Region } from './image-types';
import { loadOcrSessions, type OcrSessions } from './ocr-models';
import { detectOrientation } from './orient';
import { proposeRegions, turnBox } from './propose';
import { detectSeals } from './seal-detect';
import { findTextRegions } from './text-detect';

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

  const textTask = (async () => {
    const t1 = performance.now();
    const out = await findTextRegions(upright, cleanTargets(targets), engines.ocr, { detMaxSide: opts.detMaxSide });
    timings.text = ms(t1);
    for (const [k, v] of Object.entries(out.timingsMs)) timings[`text_${k}`] = Math.round(v * 10) / 10;
    return out.regions.map(back);
  })();
  const faceTask = (async () => {
    const t1 = performance.now();
    const hits = await detectFaces(upright, engines.face);
    timings.face = ms(t1);
    return faceRegions(hits).map(back);
  })();
  // Seals are round: colour and shape need no upright page.
  const sealTask = (async () => {
    const t1 = performance.now();
    const out = await detectSeals(img);
    timings.seal = ms(t1);
    return out;
  })();
  const [text, faces, seals] = await Promise.all([textTask, faceTask, sealTask]);

  t = performance.now();
  const regions = proposeRegions([...text, ...seals, ...faces], img);
  timings.propose = ms(t);
  return { width: img.width, height: img.height, orientation, regions, timings_ms: timings };
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
