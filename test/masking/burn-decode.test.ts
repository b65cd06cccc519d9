import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { burnRegions } from '../../src/masking/burn';
import { decodeJpeg, ImageDecodeError } from '../../src/masking/decode';
import type { Region } from '../../src/masking/image-types';

/** 300×200 image, left half blue, right half yellow, so a rotation shows in the pixels. */
async function sample(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="150" height="200" fill="#2040c0"/><rect x="150" width="150" height="200" fill="#f0e020"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

async function pixels(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
  return { info, at, data };
}

const box = (x: number, y: number, w: number, h: number): Region => ({ kind: 'name', x, y, w, h, score: 1 });

describe('burnRegions', () => {
  it('fills each box solid black and leaves the rest alone', async () => {
    const out = await burnRegions(await sample(), [box(20, 20, 60, 40), box(200, 100, 50, 50)]);
    const { info, at } = await pixels(out);
    expect([info.width, info.height]).toEqual([300, 200]);
    for (const [x, y] of [
      [25, 25],
      [78, 58],
      [50, 40],
      [225, 125],
    ] as const) {
      for (const v of at(x, y)) expect(v).toBeLessThan(12);
    }
    // Outside the boxes: still blue on the left, yellow on the right.
    const [r, g, b] = at(100, 150);
    expect(b!).toBeGreaterThan(150);
    expect(r!).toBeLessThan(80);
    expect(at(280, 20)[0]!).toBeGreaterThan(200);
  });

  it('strips every piece of metadata', async () => {
    const input = await sharp(await sample())
      .withMetadata({ exif: { IFD0: { ImageDescription: 'Wang Jianguo', Artist: 'scanner owner' } } })
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await burnRegions(input, [box(0, 0, 10, 10)]);
    const meta = await sharp(out).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(out.includes(Buffer.from('Wang Jianguo'))).toBe(false);
  });

  it('applies EXIF orientation before burning, so boxes land where the page is displayed', async () => {
    // Stored turned a quarter with tag 6: displayed it is the 300×200 sample again.
    const stored = await sharp(await sample()).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const out = await burnRegions(stored, [box(200, 20, 80, 40)]);
    const { info, at } = await pixels(out);
    expect([info.width, info.height]).toEqual([300, 200]);
    for (const v of at(240, 40)) expect(v).toBeLessThan(12);
    expect(at(20, 20)[2]!).toBeGreaterThan(150); // top-left still blue: not burned there
  });

  it('clamps boxes that run off the page', async () => {
    const out = await burnRegions(await sample(), [box(-20, -20, 60, 60), box(280, 180, 100, 100)]);
    const { at } = await pixels(out);
    for (const v of at(5, 5)) expect(v).toBeLessThan(12);
    for (const v of at(295, 195)) expect(v).toBeLessThan(12);
  });
});

describe('decodeJpeg', () => {
  const code = async (bytes: Uint8Array) => {
    try {
      await decodeJpeg(bytes);
      return 'ok';
    } catch (err) {
      expect(err).toBeInstanceOf(ImageDecodeError);
      expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
      return (err as ImageDecodeError).code;
    }
  };

  it('rejects files that are not JPEGs by their content, with a Chinese message', async () => {
    const jpeg = await sample();
    expect(await code(await sharp(jpeg).png().toBuffer())).toBe('IMAGE_IS_PNG');
    expect(await code(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toBe('IMAGE_IS_PDF');
    expect(await code(Buffer.alloc(0))).toBe('IMAGE_EMPTY');
    expect(await code(Buffer.from('GIF89a...'))).toBe('IMAGE_NOT_JPEG');
    expect(await code(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))).toBe('IMAGE_TRUNCATED');
  });

  it('rejects images above the pixel limit', async () => {
    await expect(decodeJpeg(await sample(), { maxPixels: 10_000 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });

  it('returns 3-channel pixels for grey JPEGs, upright', async () => {
    const grey = await sharp(await sample()).greyscale().rotate(90).withMetadata({ orientation: 8 }).jpeg().toBuffer();
    const img = await decodeJpeg(grey);
    expect([img.width, img.height]).toEqual([300, 200]);
    expect(img.data.length).toBe(300 * 200 * 3);
  });
});
