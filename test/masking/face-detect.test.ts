import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASTRONAUT_PATH, generatePage } from '../../bench/corpus/generate';
import { decodeJpeg } from '../../src/masking/decode';
import { detectFaces, faceRegions, loadFaceSession, type FaceSession } from '../../src/masking/face-detect';
import { coveredFraction, proposeRegions } from '../../src/masking/propose';

let fs: FaceSession;
beforeAll(async () => {
  fs = await loadFaceSession();
});

async function regionsOn(jpeg: Buffer) {
  const img = await decodeJpeg(jpeg);
  return proposeRegions(faceRegions(await detectFaces(img, fs)), img);
}

describe('detectFaces', () => {
  it('finds the face and both eyes in a portrait photo', async () => {
    const regions = await regionsOn(await sharp(ASTRONAUT_PATH).toBuffer());
    const eyes = regions.filter((r) => r.kind === 'eyes');
    const faces = regions.filter((r) => r.kind === 'face');
    expect(faces).toHaveLength(1);
    expect(eyes).toHaveLength(1);
    // Hand-labelled on the photo: both eyes span x 192–258, y 95–109.
    expect(coveredFraction({ x: 192, y: 95, w: 66, h: 14 }, eyes)).toBeGreaterThanOrEqual(0.9);
    // The eyes bar stays a bar: it must not swallow the mouth (y ≈ 150).
    expect(eyes[0]!.y + eyes[0]!.h).toBeLessThan(140);
  });

  it('finds a small ID photo on a 300-dpi A4 page, which needs tiling', async () => {
    const face = await sharp(ASTRONAUT_PATH).extract({ left: 100, top: 10, width: 250, height: 340 }).resize(210).toBuffer();
    const page = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#ffffff' } })
      .composite([{ input: face, left: 1900, top: 400 }])
      .jpeg()
      .toBuffer();
    const regions = await regionsOn(page);
    // Eyes in the crop: (92, 85, 66, 14) scaled by 210/250.
    const s = 210 / 250;
    const gtEyes = { x: 1900 + 92 * s, y: 400 + 85 * s, w: 66 * s, h: 14 * s };
    expect(coveredFraction(gtEyes, regions.filter((r) => r.kind === 'eyes'))).toBeGreaterThanOrEqual(0.9);
  });

  it('finds mirrored and grey ID photos on generated pages', async () => {
    for (const seed of [3, 4, 9]) {
      const page = await generatePage({ seed, layout: 'form', dpi: 200 });
      const regions = await regionsOn(page.jpeg);
      for (const g of page.gt.filter((g) => g.kind === 'eyes' || g.kind === 'face')) {
        expect(coveredFraction(g, regions.filter((r) => r.kind === g.kind))).toBeGreaterThanOrEqual(0.9);
      }
    }
  });

  it('finds no face on a page of text', async () => {
    const page = await generatePage({ seed: 2, layout: 'blank', dpi: 200 });
    expect(await regionsOn(page.jpeg)).toEqual([]);
  });
});
