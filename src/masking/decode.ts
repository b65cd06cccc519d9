import sharp, { type Sharp } from 'sharp';
import type { RawImage } from './image-types';

// A3 at 300 dpi is 17.4 MP; anything far above that is not a scanned attachment and would
// only exhaust worker memory (a 60 MP RGB buffer is 180 MB).
export const DEFAULT_MAX_PIXELS = 60_000_000;

export type DecodeErrorCode =
  | 'IMAGE_EMPTY'
  | 'IMAGE_NOT_JPEG'
  | 'IMAGE_IS_PNG'
  | 'IMAGE_IS_PDF'
  | 'IMAGE_TRUNCATED'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_CORRUPT';

const MESSAGES: Record<DecodeErrorCode, string> = {
  IMAGE_EMPTY: '文件为空（0 字节），请重新上传 JPG 图片',
  IMAGE_NOT_JPEG: '文件内容不是 JPG 图片，请上传 JPG 格式的扫描件或照片',
  IMAGE_IS_PNG: '文件实际是 PNG 图片（仅改了扩展名），请另存为 JPG 后重新上传',
  IMAGE_IS_PDF: '文件实际是 PDF 文档（仅改了扩展名），请将每页转换为 JPG 图片后上传',
  IMAGE_TRUNCATED: 'JPG 图片不完整（文件被截断），请重新扫描或重新上传',
  IMAGE_TOO_LARGE: '图片像素过多，请将分辨率降至 300 dpi 以内后重新上传',
  IMAGE_CORRUPT: 'JPG 图片已损坏，无法读取，请重新扫描或重新上传',
};

export class ImageDecodeError extends Error {
  readonly code: DecodeErrorCode;
  constructor(code: DecodeErrorCode, cause?: unknown) {
    super(MESSAGES[code], cause === undefined ? undefined : { cause });
    this.name = 'ImageDecodeError';
    this.code = code;
  }
}

export interface DecodeOptions {
  maxPixels?: number;
}

/** Rejects anything that is not a JPEG by its bytes, whatever the file was called. */
export function assertJpegBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ImageDecodeError('IMAGE_EMPTY');
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    throw new ImageDecodeError('IMAGE_IS_PNG');
  }
  // "%PDF" may follow a few junk bytes; the PDF spec lets readers look in the first 1024.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) throw new ImageDecodeError('IMAGE_IS_PDF');
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    throw new ImageDecodeError('IMAGE_NOT_JPEG');
  }
}

/** sharp instance for a checked JPEG; errors on truncation instead of painting grey. */
export function openJpeg(bytes: Uint8Array, opts: DecodeOptions = {}): Sharp {
  assertJpegBytes(bytes);
  return sharp(bytes, {
    limitInputPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS,
    failOn: 'truncated',
    sequentialRead: true,
  });
}

export function toDecodeError(err: unknown): ImageDecodeError {
  if (err instanceof ImageDecodeError) return err;
  const msg = String((err as Error)?.message ?? err);
  if (/pixel limit/i.test(msg)) return new ImageDecodeError('IMAGE_TOO_LARGE', err);
  if (/premature end|truncat|end of (jpeg|file)|Corrupt JPEG data: premature/i.test(msg)) {
    return new ImageDecodeError('IMAGE_TRUNCATED', err);
  }
  return new ImageDecodeError('IMAGE_CORRUPT', err);
}

/**
 * JPEG bytes → RGB pixels as displayed: EXIF orientation applied, alpha dropped, grey and CMYK
 * turned into sRGB so every stage sees 3 channels.
 */
export async function decodeJpeg(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<RawImage> {
  const img = openJpeg(bytes, opts);
  try {
    const { data, info } = await img
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw toDecodeError(err);
  }
}

/** Displayed size (EXIF orientation applied) without decoding the pixels. */
export async function displayedSize(bytes: Uint8Array, opts: DecodeOptions = {}): Promise<{ width: number; height: number }> {
  try {
    const m = await openJpeg(bytes, opts).metadata();
    if (!m.width || !m.height) throw new ImageDecodeError('IMAGE_CORRUPT');
    // EXIF orientations 5–8 turn the picture a quarter.
    const quarter = (m.orientation ?? 1) >= 5;
    return quarter ? { width: m.height, height: m.width } : { width: m.width, height: m.height };
  } catch (err) {
    throw toDecodeError(err);
  }
}
