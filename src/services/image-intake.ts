// A1–A14 attachments are upright JPG: check by content (not by name), apply EXIF orientation,
// strip metadata, enforce size and pixel limits. A scan already upright and plain keeps its pixels
// as sent, with the metadata cut out, and is not decoded at all (issue 13 item 7): the thumbnail,
// a derived copy, is made by a job (makeThumbnail, src/services/attachment-thumbnail.service.ts).
import sharp from 'sharp';
import { Refused } from '../domain/errors';
import { renderPdfInWorker } from '../intake/pdf-pool';
import type { PdfFailure } from '../intake/pdf-pages';

export interface IntakeLimits {
  maxBytes: number;
  maxPixels: number;
  minSide: number;
  /** Pages a PDF upload may have (each becomes one image); absent where PDFs are not taken. */
  pdfMaxPages?: number;
  /** What a too-small image is called in the message and what would do instead (A1's photo). */
  tooSmall?: { what: string; example: string };
}

export interface IntakeResult {
  jpeg: Buffer;
  width: number;
  height: number;
}

export function sniff(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'PDF';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'GIF';
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'BMP';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return 'Word/ZIP';
  return 'unknown';
}

const mib = (n: number) => `${Math.round((n / 1048576) * 10) / 10}MB`;

export async function intakeJpeg(bytes: Buffer, limits: IntakeLimits): Promise<IntakeResult> {
  if (bytes.length === 0) throw new Refused('UPLOAD_REJECTED', '文件是空的（0字节），请重新选择图片');
  if (bytes.length > limits.maxBytes) {
    throw new Refused('UPLOAD_REJECTED', `文件大小${mib(bytes.length)}，超过${mib(limits.maxBytes)}的上限，请压缩后重新上传`);
  }
  const kind = sniff(bytes);
  if (kind !== 'jpeg') {
    const what = kind === 'unknown' ? '不是JPG图片' : `实际是${kind}文件，不是JPG图片`;
    throw new Refused('UPLOAD_REJECTED', `该文件${what}（仅看扩展名不算），请转换为JPG格式后上传`);
  }
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // header only: no pixel limit needed here, the limit is checked just below with a clear message
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new Refused('UPLOAD_REJECTED', '图片已损坏，无法打开，请重新扫描或导出后上传');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > limits.maxPixels) {
    throw new Refused(
      'UPLOAD_REJECTED',
      `图片尺寸${w}×${h}像素过大（上限${Math.round(limits.maxPixels / 1e6)}百万像素），请按300dpi以内扫描后上传`,
    );
  }
  if (Math.min(w, h) < limits.minSide) {
    if (limits.tooSmall) {
      throw new Refused('UPLOAD_REJECTED', `${limits.tooSmall.what}太小（${w}×${h}像素），短边至少${limits.minSide}像素，${limits.tooSmall.example}`);
    }
    throw new Refused('UPLOAD_REJECTED', `图片太小（${w}×${h}像素），内容可能看不清，短边至少${limits.minSide}像素`);
  }
  // Issue 13 item 7: a scan that is already upright, plain sRGB or grey and carries no colour
  // profile is kept as sent, with every metadata segment cut out byte for byte: no decode and
  // re-encode (the bulk of an upload's CPU), and no generation loss. The walk through its segments
  // is the content check: a file cut short has no end marker and goes the decoding way below,
  // which refuses it.
  const plain =
    (meta.orientation === undefined || meta.orientation === 1) &&
    !meta.hasProfile &&
    ((meta.channels === 3 && meta.space === 'srgb') || (meta.channels === 1 && meta.space === 'b-w'));
  const stripped = plain ? withoutMetadata(bytes) : null;
  if (stripped) return { jpeg: stripped, width: w, height: h };
  try {
    // rotate() with no angle applies EXIF orientation; output carries no metadata (EXIF stripped).
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
      .rotate()
      .jpeg({ quality: 90, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch (e) {
    if (e instanceof Refused) throw e;
    throw new Refused('UPLOAD_REJECTED', '图片不完整或已损坏（可能上传中断），请重新上传原图');
  }
}

/** The list thumbnail of a stored page: at most 240 px on its long side. */
export async function makeThumbnail(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).resize({ width: 240, height: 240, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
}

/** A JFIF APP0 segment with nothing in it but the version and a 1:1 aspect: no embedded thumbnail. */
const PLAIN_JFIF = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

/** Segments copied as they are: SOF0–SOF2 (baseline, extended, progressive Huffman), DHT, DQT, DRI. */
const KEPT_SEGMENTS = new Set([0xc0, 0xc1, 0xc2, 0xc4, 0xdb, 0xdd]);

/**
 * The JPEG with its metadata cut out, walked segment by segment without decoding: every APPn
 * (EXIF and its thumbnail, XMP, ICC, IPTC, MPF, JFIF thumbnails, maker data) and every comment go,
 * a plain JFIF header comes first, and nothing after the end-of-image marker is kept (a file glued
 * behind a picture). The frame, tables and scans are copied unchanged, so the pixels are those
 * sent. Null when the file is not laid out as expected (an Adobe APP14 that decides the colours,
 * arithmetic coding, a marker where none belongs, no end marker): the caller then re-encodes.
 */
export function withoutMetadata(bytes: Buffer): Buffer | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const parts: Buffer[] = [bytes.subarray(0, 2), PLAIN_JFIF];
  // Nothing to cut when the file has no APPn or comment (or only a plain JFIF header, no thumbnail,
  // first) and nothing follows the end marker: the bytes sent are kept as they are, without a copy.
  let untouched = true;
  let i = 2;
  let scans = 0;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte before a marker
      untouched = false;
      continue;
    }
    if (marker === 0xd9) {
      if (!scans) return null;
      if (untouched && i + 2 === bytes.length) return bytes;
      parts.push(bytes.subarray(i, i + 2));
      return Buffer.concat(parts);
    }
    if (i + 4 > bytes.length) return null;
    const end = i + 2 + bytes.readUInt16BE(i + 2);
    if (end <= i + 3 || end > bytes.length) return null;
    const metadata = (marker >= 0xe0 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!metadata && !KEPT_SEGMENTS.has(marker) && marker !== 0xda) return null;
    // three components named R, G, B are RGB only for a decoder that sees no JFIF header: re-encode those
    if ((marker === 0xc0 || marker === 0xc1 || marker === 0xc2) && bytes[i + 9] === 3 && bytes[i + 10] === 0x52) return null;
    if (marker !== 0xda) {
      if (!metadata) parts.push(bytes.subarray(i, end));
      else if (i !== 2 || !isPlainJfif(bytes.subarray(i, end))) untouched = false;
      i = end;
      continue;
    }
    // SOS: entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
    // Only 0xFF bytes can start one, so the search jumps from one to the next (native indexOf).
    let j = bytes.indexOf(0xff, end);
    while (j !== -1 && j + 1 < bytes.length && (bytes[j + 1] === 0x00 || (bytes[j + 1]! >= 0xd0 && bytes[j + 1]! <= 0xd7))) j = bytes.indexOf(0xff, j + 2);
    if (j === -1 || j + 1 >= bytes.length) return null;
    parts.push(bytes.subarray(i, j));
    scans++;
    i = j;
  }
  return null;
}

/** A JFIF APP0 of the standard 16 bytes: version, density and no thumbnail (0×0). */
function isPlainJfif(segment: Buffer): boolean {
  return segment.length === 18 && segment[1] === 0xe0 && segment.subarray(4, 9).toString('latin1') === 'JFIF\0' && segment[16] === 0 && segment[17] === 0;
}

/**
 * A stamped scan or fee receipt uploaded as JPG, re-encoded like an attachment (issue 9 item 11):
 * EXIF orientation applied, and no metadata kept — no GPS position, camera or phone model, time
 * or embedded thumbnail of the uncropped photo. Quality stays high: the stamp is the evidence.
 */
export async function stripJpegMetadata(bytes: Buffer): Promise<Buffer> {
  try {
    return await sharp(bytes, { failOn: 'truncated' }).rotate().jpeg({ quality: 92, mozjpeg: false }).toBuffer();
  } catch {
    throw new Refused('UPLOAD_REJECTED', '扫描件图片不完整或已损坏（可能上传中断），请重新扫描或导出后上传');
  }
}

/**
 * Issue 12 item 5: a small perceptual fingerprint of an image: shrunk to 32×32 grey levels, one
 * byte per cell, as 2048 hex digits. Re-encoding or resizing barely moves a cell, so a copy of an
 * image already uploaded elsewhere is recognised (src/domain/evidence-rules.ts compares them).
 */
export async function imageFingerprint(jpeg: Buffer): Promise<string> {
  const { data } = await sharp(jpeg).greyscale().resize(32, 32, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  return Buffer.from(data.subarray(0, 32 * 32)).toString('hex');
}

const PDF_REFUSALS: Record<Exclude<PdfFailure, 'PDF_TOO_MANY_PAGES'>, string> = {
  PDF_ENCRYPTED: '该PDF文件设有打开密码，无法读取；请去除密码（或用“打印为PDF”另存一份）后重新上传',
  PDF_BROKEN: '该PDF文件不完整或已损坏（可能下载或上传中断），无法打开；请重新下载或导出后上传',
  PDF_EMPTY: '该PDF文件没有任何页面，请检查后重新上传',
};

/**
 * Issue 11: a PDF upload becomes one upright JPG per page, rendered in a worker thread
 * (src/intake), each page then taken in like an uploaded JPG. Encrypted, broken or too long
 * files are refused with what to do; nothing is returned for them, so nothing is stored.
 */
export async function intakePdf(bytes: Buffer, limits: IntakeLimits): Promise<IntakeResult[]> {
  if (bytes.length > limits.maxBytes) {
    throw new Refused('UPLOAD_REJECTED', `文件大小${mib(bytes.length)}，超过${mib(limits.maxBytes)}的上限，请压缩后重新上传`);
  }
  const maxPages = limits.pdfMaxPages ?? 0;
  if (maxPages < 1) throw new Refused('UPLOAD_REJECTED', '此处只接受JPG图片，请转换为JPG格式后上传');
  const out = await renderPdfInWorker({ bytes: new Uint8Array(bytes), maxPages, minSide: limits.minSide, maxPixels: limits.maxPixels });
  if (!out.ok) {
    if (out.failure === 'PDF_TOO_MANY_PAGES') {
      throw new Refused('UPLOAD_REJECTED', `该PDF共${out.pages}页，超过每次${maxPages}页的上限；请拆分后分别上传，或只上传本栏目需要的页`);
    }
    throw new Refused('UPLOAD_REJECTED', PDF_REFUSALS[out.failure]);
  }
  const pages: IntakeResult[] = [];
  for (const [i, p] of out.pages.entries()) {
    try {
      // a rendered page is within the limits by construction; taking it in like an upload re-checks them
      pages.push(await intakeJpeg(Buffer.from(p.jpeg.buffer, p.jpeg.byteOffset, p.jpeg.byteLength), { ...limits, maxBytes: Math.max(limits.maxBytes, p.jpeg.byteLength) }));
    } catch (e) {
      if (e instanceof Refused) throw new Refused('UPLOAD_REJECTED', `PDF第${i + 1}页：${e.message}`);
      throw e;
    }
  }
  return pages;
}
