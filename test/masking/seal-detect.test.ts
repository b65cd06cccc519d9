import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ASTRONAUT_PATH, generatePage, sealSample, type Layout } from '../../bench/corpus/generate';
import { decodeJpeg } from '../../src/masking/decode';
import { coveredFraction } from '../../src/masking/propose';
import { detectSeals } from '../../src/masking/seal-detect';

async function sealsOn(jpeg: Buffer) {
  return detectSeals(await decodeJpeg(jpeg));
}

describe('detectSeals', () => {
  // Seeds chosen to include a faded seal, an ellipse and seals stamped over black text.
  const cases: Array<[Layout, number, number]> = [
    ['certificate', 11, 150],
    ['letter', 12, 200],
    ['form', 13, 300],
    ['award', 14, 200],
    ['award', 1016, 300],
  ];
  it.each(cases)('covers every seal on a generated %s page (seed %i, %i dpi)', async (layout, seed, dpi) => {
    const page = await generatePage({ seed, layout, dpi });
    const gt = page.gt.filter((g) => g.kind === 'seal');
    expect(gt.length).toBeGreaterThan(0);
    const found = await sealsOn(page.jpeg);
    for (const g of gt) expect(coveredFraction(g, found)).toBeGreaterThanOrEqual(0.9);
    expect(found).toHaveLength(gt.length);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('finds a seal stamped over text (ellipse %s, faded %s) at 150 and 300 dpi', async (ellipse, faded) => {
    for (const dpi of [150, 300]) {
      const { jpeg, gt } = await sealSample({ seed: dpi + (ellipse ? 1 : 0) + (faded ? 2 : 0), dpi, ellipse, faded });
      const found = await sealsOn(jpeg);
      expect(found).toHaveLength(1);
      expect(coveredFraction(gt, found)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('finds the seal on a page scanned sideways', async () => {
    const page = await generatePage({ seed: 21, layout: 'letter', dpi: 150, orientation: 90 });
    const gt = page.gt.filter((g) => g.kind === 'seal');
    const found = await sealsOn(page.jpeg);
    expect(found).toHaveLength(1);
    expect(coveredFraction(gt[0]!, found)).toBeGreaterThanOrEqual(0.9);
  });

  it('ignores red titles, red rules and a red page border', async () => {
    const W = 1240;
    const H = 1754;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <rect width="${W}" height="${H}" fill="#fdfcf8"/>
      <rect x="60" y="60" width="${W - 120}" height="${H - 120}" fill="none" stroke="#c81e28" stroke-width="12"/>
      <text x="200" y="220" font-family="Noto Serif CJK SC" font-weight="700" font-size="110" fill="#d0101a" letter-spacing="40">荣誉证书</text>
      <text x="300" y="420" font-family="Noto Sans CJK SC" font-weight="700" font-size="60" fill="#e02020">中共党员</text>
      <text x="500" y="600" font-family="Noto Sans CJK SC" font-weight="700" font-size="90" fill="#e02020">〇</text>
      <rect x="100" y="480" width="1040" height="8" fill="#d0101a"/>
      <rect x="100" y="496" width="1040" height="3" fill="#d0101a"/>
      <text x="150" y="800" font-family="Noto Sans CJK SC" font-size="40" fill="#111">正文内容，没有任何印章。</text>
    </svg>`;
    const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
    expect(await sealsOn(jpeg)).toEqual([]);
  });

  it('ignores the red flag and orange suit in a photo', async () => {
    const jpeg = await sharp(ASTRONAUT_PATH).resize(900).jpeg().toBuffer();
    expect(await sealsOn(jpeg)).toEqual([]);
  });

  it('finds nothing on a page with nothing to mask', async () => {
    const page = await generatePage({ seed: 5, layout: 'blank', dpi: 200 });
    expect(await sealsOn(page.jpeg)).toEqual([]);
  });
});
