// Issue 13 item 7: an upright, plain scan is taken in without decoding and re-encoding it, and still
// leaves with no metadata (A14); anything else is re-encoded upright as before.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Refused } from '../../../src/domain/errors';
import { intakeJpeg, withoutMetadata } from '../../../src/services/image-intake';
import { makeJpeg, phonePhotoWithGps } from '../../support/declaration-fixture';

const limits = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, minSide: 200 };

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A scan as some scanner software writes it: an XMP packet, a comment, and a zip glued after the picture. */
async function scanWithExtras(): Promise<{ plain: Buffer; withExtras: Buffer }> {
  const plain = await makeJpeg(900, 1200);
  const xmp = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><GPSLatitude>43,55N</GPSLatitude><Model>Scanner-X</Model></x:xmpmeta>'));
  const comment = segment(0xfe, Buffer.from('scanned by 张三 at 伊宁市 2026-03-05'));
  const withExtras = Buffer.concat([plain.subarray(0, 2), xmp, comment, plain.subarray(2), Buffer.from('PK\x03\x04 hidden archive')]);
  return { plain, withExtras };
}

describe('taking in an attachment JPG', () => {
  it('keeps an upright plain scan’s pixels as sent and cuts out XMP, comments and bytes after the picture', async () => {
    const { plain, withExtras } = await scanWithExtras();
    const out = await intakeJpeg(withExtras, limits);
    const text = out.jpeg.toString('latin1');
    expect(text).not.toContain('xmpmeta');
    expect(text).not.toContain('Scanner-X');
    expect(out.jpeg.includes(Buffer.from('scanned by'))).toBe(false);
    expect(text).not.toContain('hidden archive');
    expect(out.jpeg.subarray(-2).toString('hex')).toBe('ffd9');
    const meta = await sharp(out.jpeg).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.comments ?? []).toEqual([]);
    expect([out.width, out.height]).toEqual([900, 1200]);
    // the same pixels: nothing was decoded and encoded again
    const a = await sharp(out.jpeg).raw().toBuffer();
    const b = await sharp(plain).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
    const thumb = await sharp(out.thumb).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(240);
  });

  it('still turns a phone photo upright and drops its GPS position and camera', async () => {
    const out = await intakeJpeg(await phonePhotoWithGps(), limits);
    expect([out.width, out.height]).toEqual([400, 600]);
    const meta = await sharp(out.jpeg).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('refuses a plain scan cut off in the middle of its picture data', async () => {
    const { plain } = await scanWithExtras();
    const cut = plain.subarray(0, Math.floor(plain.length * 0.6));
    await expect(intakeJpeg(cut, limits)).rejects.toBeInstanceOf(Refused);
  });

  it('leaves a JPEG it cannot walk safely (no end marker, an Adobe colour segment) to the re-encoding path', async () => {
    const { plain } = await scanWithExtras();
    expect(withoutMetadata(plain.subarray(0, plain.length - 2))).toBeNull();
    const adobe = Buffer.concat([plain.subarray(0, 2), segment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01')), plain.subarray(2)]);
    expect(withoutMetadata(adobe)).toBeNull();
    expect(withoutMetadata(plain)).not.toBeNull();
  });
});
