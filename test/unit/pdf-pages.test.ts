import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { looksComplete, pageScale, PDF_MAX_SIDE, renderPdfPages } from '../../src/intake/pdf-pages';
import { cjkPdf, nonEmbeddedCjkPdf } from '../support/pdf-fixtures';

const LIMITS = { maxPages: 20, minSide: 600, maxPixels: 40_000_000 };
const A4 = [595.28, 841.89] as const;

/** Share of dark pixels in a region of a JPEG: text there draws ink, an empty box none. */
async function ink(jpeg: Uint8Array, region: { left: number; top: number; width: number; height: number }): Promise<number> {
  const { data } = await sharp(Buffer.from(jpeg)).extract(region).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const v of data) if (v < 128) dark++;
  return dark / data.length;
}

describe('page scale', () => {
  it('renders A4 at 200 dpi', () => {
    const s = pageScale(A4[0], A4[1], LIMITS);
    expect(Math.round(A4[0] * s)).toBe(1654);
    expect(Math.round(A4[1] * s)).toBe(2339);
  });

  it('caps the longest side of a large page (A2 poster)', () => {
    const s = pageScale(1190.55, 1683.78, LIMITS);
    expect(Math.round(1683.78 * s)).toBe(PDF_MAX_SIDE);
  });

  it('renders a small page (a card) larger so its short side meets the intake minimum', () => {
    const s = pageScale(243, 153, LIMITS); // 86×54 mm
    expect(Math.round(153 * s)).toBeGreaterThanOrEqual(600);
  });

  it('stays under the pixel limit', () => {
    const s = pageScale(A4[0], A4[1], { ...LIMITS, maxPixels: 2_000_000 });
    expect(A4[0] * s * A4[1] * s).toBeLessThanOrEqual(2_000_000);
  });
});

describe('renderPdfPages', () => {
  it('renders every page of a CJK PDF as an upright JPG, in order, small print legible', async () => {
    const t0 = performance.now();
    const out = await renderPdfPages({ bytes: await cjkPdf(3, { landscapeLast: true }), ...LIMITS });
    const ms = performance.now() - t0;
    if (!out.ok) throw new Error(out.failure);
    expect(out.pages).toHaveLength(3);
    expect(out.pages.map((p) => [p.width, p.height])).toEqual([
      [1654, 2339],
      [1654, 2339],
      [2339, 1654],
    ]);
    for (const p of out.pages) {
      expect(Buffer.from(p.jpeg).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      // 「第n页」 at 40 pt and the 7-pt line both draw ink where they were set
      expect(await ink(p.jpeg, { left: 200, top: 200, width: 400, height: 110 })).toBeGreaterThan(0.05);
      expect(await ink(p.jpeg, { left: 200, top: 440, width: 1000, height: 30 })).toBeGreaterThan(0.02);
    }
    console.info(`PDF render: ${(ms / 3).toFixed(0)} ms per A4 page at 200 dpi`);
  });

  it('draws Chinese text whose font is not embedded with the system CJK font', async () => {
    const out = await renderPdfPages({ bytes: nonEmbeddedCjkPdf('学历证书电子注册备案表'), ...LIMITS });
    if (!out.ok) throw new Error(out.failure);
    // 36-pt text at (72, 700) from the bottom: 200–1300 px across, ~290–420 px down
    expect(await ink(out.pages[0]!.jpeg, { left: 200, top: 300, width: 1000, height: 100 })).toBeGreaterThan(0.08);
  });

  it('refuses an encrypted PDF', async () => {
    expect(await renderPdfPages({ bytes: await cjkPdf(1, { userPassword: '123456' }), ...LIMITS })).toEqual({ ok: false, failure: 'PDF_ENCRYPTED' });
  });

  it('refuses a truncated PDF instead of rendering what is left', async () => {
    const whole = await cjkPdf(3);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    expect(looksComplete(whole)).toBe(true);
    expect(looksComplete(cut)).toBe(false);
    expect(await renderPdfPages({ bytes: cut, ...LIMITS })).toEqual({ ok: false, failure: 'PDF_BROKEN' });
  });

  it('refuses garbage that merely ends like a PDF', async () => {
    expect(await renderPdfPages({ bytes: Buffer.from('%PDF-1.7\nnot really a pdf\n%%EOF\n'), ...LIMITS })).toEqual({ ok: false, failure: 'PDF_BROKEN' });
  });

  it('refuses a PDF with more pages than allowed, saying how many', async () => {
    expect(await renderPdfPages({ bytes: await cjkPdf(4), ...LIMITS, maxPages: 3 })).toEqual({ ok: false, failure: 'PDF_TOO_MANY_PAGES', pages: 4 });
  });
});
