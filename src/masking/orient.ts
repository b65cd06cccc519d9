import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { RawImage } from './image-types';
import type { OcrSessions } from './ocr-models';
import { detectTextLinesCached, type Box } from './text-detect';
import { REC_HEIGHT, writeCrop } from './text-recognize';

// B1: which way up a scanned page is. Text lines of an upright or upside-down page come out wide,
// of a page lying on its side tall; the PaddleOCR direction classifier then tells 0° from 180° on
// line crops turned horizontal. The detector run here is reused by findTextRegions when the page
// turns out upright (the common case), so orientation costs little more than the classifier.

/**
 * Clockwise rotation to APPLY to the image to make the page read upright (sharp's `.rotate(n)`
 * with this n rights it). A page scanned lying on its left side (text running bottom to top)
 * needs 90; lying on its right side, 270; upside down, 180.
 */
export type PageOrientation = 0 | 90 | 180 | 270;

export interface OrientationResult {
  orientation: PageOrientation;
  /** 0–1: how clearly line shapes and classifier votes agreed; 0 when there was no text to judge. */
  confidence: number;
}

/** Classifier input width (cls_image_shape 3×48×192). */
const CLS_WIDTH = 192;
/** Line crops voted on: the longest ones, which read most reliably. */
const CLS_MAX_CROPS = 24;
/** A box counts as a line when its long side is at least this many times its short side. */
const LINE_ASPECT = 2;

export async function detectOrientation(img: RawImage, s: OcrSessions): Promise<OrientationResult> {
  const { boxes, small, scale } = await detectTextLinesCached(img, s.det);
  const lines = boxes
    .map((b) => ({ x: b.x * scale, y: b.y * scale, w: b.w * scale, h: b.h * scale }))
    .filter((b) => Math.min(b.w, b.h) >= 6);
  let wide = 0;
  let tall = 0;
  for (const b of lines) {
    if (b.w >= LINE_ASPECT * b.h) wide += b.w;
    else if (b.h >= LINE_ASPECT * b.w) tall += b.h;
  }
  if (wide + tall === 0) return { orientation: 0, confidence: 0 };
  const sideways = tall > wide;
  const shapeMargin = Math.abs(wide - tall) / (wide + tall);

  // Turn the page copy (and its boxes) so the lines run horizontally; the classifier then only
  // has to tell upright from upside down.
  let view = small;
  let chosen = lines.filter((b) => (sideways ? b.h >= LINE_ASPECT * b.w : b.w >= LINE_ASPECT * b.h));
  if (sideways) {
    view = await turnClockwise(small);
    chosen = chosen.map((b) => ({ x: small.height - b.y - b.h, y: b.x, w: b.h, h: b.w }));
  }
  chosen.sort((a, b) => b.w - a.w);
  chosen = chosen.slice(0, CLS_MAX_CROPS);

  const plane = REC_HEIGHT * CLS_WIDTH;
  const data = new Float32Array(chosen.length * 3 * plane);
  const weights: number[] = [];
  chosen.forEach((b, slot) => {
    // The middle of the line, at most 4 heights long, so the classifier sees undistorted glyphs.
    const cw = Math.min(b.w, 4 * b.h);
    const crop: Box = { x: b.x + (b.w - cw) / 2, y: b.y, w: cw, h: b.h };
    const tw = Math.min(CLS_WIDTH, Math.max(8, Math.round((REC_HEIGHT * crop.w) / crop.h)));
    writeCrop(view, crop, tw, REC_HEIGHT, data, slot, CLS_WIDTH);
    weights.push(b.w);
  });
  const input = new ort.Tensor('float32', data, [chosen.length, 3, REC_HEIGHT, CLS_WIDTH]);
  const out = await s.cls.run({ [s.cls.inputNames[0]!]: input });
  const probs = out[s.cls.outputNames[0]!]!.data as Float32Array;
  input.dispose?.();
  // Output per crop: [p(0°), p(180°)]; a length-weighted mean of p(180°).
  let flipped = 0;
  let total = 0;
  weights.forEach((w, i) => {
    flipped += w * probs[i * 2 + 1]!;
    total += w;
  });
  const pFlip = flipped / total;
  const upsideDown = pFlip > 0.5;
  const orientation = ((sideways ? 90 : 0) + (upsideDown ? 180 : 0)) as PageOrientation;
  const confidence = Math.round(shapeMargin * Math.abs(2 * pFlip - 1) * 1000) / 1000;
  return { orientation, confidence };
}

async function turnClockwise(img: RawImage): Promise<RawImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(90)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
