import sharp from 'sharp';
import { decodeJpeg, type DecodeOptions } from './decode';
import { detectFaces, faceRegions, loadFaceSession, type FaceSession } from './face-detect';
import type { RawImage, Region } from './image-types';
import { loadOcrSessions, type OcrSessions } from './ocr-models';
import { composeHomography, IDENTITY, mapBox, type Homography } from './homography';
import { detectOrientation } from './orient';
import { rectify } from './rectify';
import { proposeRegions, textUnderSeals, turnBox } from './propose';
import { detectSeals } from './seal-detect';
import { detectTextLinesCached, estimateSkew, findTextRegions, turnLines } from './text-detect';

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
  /** Look for a photographed sheet and read it flattened (issue 12). Default true. */
  rectify?: boolean;
  /** Straighten text lines that run at a slant before reading them (issue 12). Default true. */
  deskew?: boolean;
}

/**
 * Skew (degrees) below which the page is read as it is. At 0.3° a 1200-px line rises 6 px, a
 * sixth of a 12-pt line at 150 dpi; above it axis-aligned line boxes start to take in the
 * neighbouring lines of 1.5-spaced running text.
 */
const MIN_SKEW_DEG = 0.3;

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

/**
 * Regions in `img` pixels. A phone photo of a sheet is read on the sheet warped flat and lit
 * evenly (rectify.ts); its boxes come back as the axis-aligned boxes containing their slanted
 * images, so a box that covers a line on the flat sheet covers the slanted line in the photo.
 */
export async function detectDecoded(img: RawImage, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<DetectResult> {
  const pre: Record<string, number> = {};
  let t = performance.now();
  const sheet = opts.rectify === false ? null : await rectify(img);
  pre.rectify = ms(t);
  let page = sheet?.img ?? img;
  let toShown: Homography = sheet?.toShown ?? IDENTITY;
  if (opts.deskew !== false) {
    t = performance.now();
    // The detector's lines are cached per buffer: orientation reuses them when no turn follows.
    const skew = estimateSkew((await detectTextLinesCached(page, engines.ocr.det, { maxSide: opts.detMaxSide })).boxes);
    if (Math.abs(skew) >= MIN_SKEW_DEG) {
      const straight = await rotateSlightly(page, -skew);
      // The lines just found, measured along the straightened axes, stand in for a second
      // detector run on the straightened page (issue 12 speed).
      await turnLines(page, straight.img, -skew, { maxSide: opts.detMaxSide });
      page = straight.img;
      toShown = composeHomography(toShown, straight.toBefore);
    }
    pre.deskew = ms(t);
  }
  const res = await detectOnPage(page, targets, engines, opts);
  res.timings_ms = { ...pre, ...res.timings_ms };
  if (page === img) return res;
  const regions = res.regions.map((r) => clampTo({ ...r, ...mapBox(toShown, r) }, img.width, img.height)).filter((r) => r.w > 0 && r.h > 0);
  return { width: img.width, height: img.height, orientation: res.orientation, regions, timings_ms: res.timings_ms };
}

/**
 * The page turned clockwise by `deg` (a few degrees) on a canvas grown to hold it, white in the
 * new corners, and the map from the turned page back to the page before.
 */
async function rotateSlightly(img: RawImage, deg: number): Promise<{ img: RawImage; toBefore: Homography }> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(deg, { background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // p' − c' = R(deg)(p − c), so p = c + R(−deg)(p' − c'); y points down, positive turns clockwise.
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const [cx, cy] = [img.width / 2, img.height / 2];
  const [ncx, ncy] = [info.width / 2, info.height / 2];
  const toBefore = [cos, sin, cx - cos * ncx - sin * ncy, -sin, cos, cy + sin * ncx - cos * ncy, 0, 0, 1];
  return { img: { data, width: info.width, height: info.height }, toBefore };
}

/** Outward-rounded integer box inside the image. */
function clampTo(r: Region, width: number, height: number): Region {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(width, Math.ceil(r.x + r.w));
  const y1 = Math.min(height, Math.ceil(r.y + r.h));
  return { ...r, x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

async function detectOnPage(img: RawImage, targets: Targets, engines: Engines, opts: DetectOptions = {}): Promise<DetectResult> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const { orientation } = await detectOrientation(img, engines.ocr);
  timings.orient = ms(t);

  // Text and faces are read on the upright page, then mapped back to displayed pixels.
  t = performance.now();
  const upright = orientation === 0 ? img : await turnImage(img, orientation);
  if (orientation !== 0) timings.turn = ms(t);
  const back = (r: Region): Region => ({ ...r, ...turnBox(r, ((360 - orientation) % 360) as Orientation, upright.width, upright.height) });

  // The detector's lines and its ~1240-px copy are cached per page: reuse both.
  const uprightLines = await detectTextLinesCached(upright, engines.ocr.det, { maxSide: opts.detMaxSide });
  // detectOrientation ran the detector on the page as displayed, at the default size.
  const shown = orientation === 0 ? uprightLines : await detectTextLinesCached(img, engines.ocr.det);

  // Seals first: the text stage looks beside them for a unit name the seal partly hides.
  t = performance.now();
  const seals = await detectSeals(img, { shrunk: shown.small }); // round: no upright page needed
  timings.seal = ms(t);
  // Rows run left to right only on the upright page: match seals to rows there, then map back
  // (on a page lying on its side the rows are columns of the image as shown).
  const uprightSeals = seals.map((r) => ({ ...r, ...turnBox(r, orientation, img.width, img.height) }));

  // One stage after another: each ONNX session already uses every core it is given, so running
  // them side by side only adds contention on a 2-core machine.
  t = performance.now();
  const found = await findTextRegions(upright, cleanTargets(targets), engines.ocr, { detMaxSide: opts.detMaxSide, seals: uprightSeals });
  timings.text = ms(t);
  for (const [k, v] of Object.entries(found.timingsMs)) timings[`text_${k}`] = Math.round(v * 10) / 10;
  const text = found.regions.map(back);

  t = performance.now();
  const faces = faceRegions(await detectFaces(upright, engines.face, { shrunk: uprightLines.small })).map(back);
  timings.face = ms(t);

  const underSeal = textUnderSeals(uprightLines.boxes, uprightSeals).map(back);

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
