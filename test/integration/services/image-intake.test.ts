// Issue 13 item 7: an upright, plain scan is taken in without decoding and re-encoding it, and still
// leaves with no metadata (A14); anything else is re-encoded upright as before.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Refused } from '../../../src/domain/errors';
import { intakeJpeg, makeThumbnail, withoutMetadata } from '../../../src/services/image-intake';
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
    const thumb = await sharp(await makeThumbnail(out.jpeg)).metadata();
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

  it('returns a scan with no metadata, or only a plain JFIF header, as the very bytes sent, without a copy', async () => {
    const bare = await makeJpeg(900, 1200);
    expect(bare.subarray(2, 4).toString('hex')).toBe('ffdb'); // libvips writes no APP0
    expect(withoutMetadata(bare)).toBe(bare);
    const plain = withoutMetadata(Buffer.concat([bare, Buffer.from('PK')]))!; // the walker adds a plain JFIF
    expect(plain.subarray(2, 4).toString('hex')).toBe('ffe0');
    expect(withoutMetadata(plain)).toBe(plain);
    // a JFIF header that carries a thumbnail is cut down to the plain one
    const jfifThumb = segment(0xe0, Buffer.concat([Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01'), Buffer.from([9, 9, 9])]));
    const withThumb = withoutMetadata(Buffer.concat([bare.subarray(0, 2), jfifThumb, bare.subarray(2)]))!;
    expect(withThumb.equals(plain)).toBe(true);
    // anything to cut (a comment, bytes after the end, a JFIF thumbnail) makes a new, smaller buffer
    const commented = Buffer.concat([plain.subarray(0, 20), segment(0xfe, Buffer.from('by 张三')), plain.subarray(20)]);
    const uncommented = withoutMetadata(commented)!;
    expect(uncommented.includes(Buffer.from('by 张三'))).toBe(false);
    expect(uncommented.length).toBe(plain.length);
    expect(withoutMetadata(Buffer.concat([plain, Buffer.from('PK')]))!.length).toBe(plain.length);
  });

  it('walks picture data with restart markers and stuffed 0xFF bytes to the end marker', async () => {
    // noise at quality 95: its picture data is full of stuffed 0xFF00 bytes
    const noisy = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const out = withoutMetadata(noisy);
    expect(out).not.toBeNull();
    expect((await sharp(out!).raw().toBuffer()).equals(await sharp(noisy).raw().toBuffer())).toBe(true);
    // an SOS segment with a stuffed 0xFF00 and RST0 inside its data, then EOI
    const dri = segment(0xdd, Buffer.from([0, 4]));
    const head = noisy.subarray(0, noisy.indexOf(Buffer.from([0xff, 0xda])));
    const sosLen = noisy.readUInt16BE(head.length + 2);
    const sos = noisy.subarray(head.length, head.length + 2 + sosLen);
    const data = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0x78]);
    const crafted = Buffer.concat([head, dri, sos, data, Buffer.from([0xff, 0xd9])]);
    expect(withoutMetadata(crafted)).toBe(crafted);
    // a lone 0xFF as the last byte of the data, with no end marker: not walked
    expect(withoutMetadata(Buffer.concat([head, sos, Buffer.from([0x12, 0xff])]))).toBeNull();
  });
});
