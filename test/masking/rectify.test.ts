import { beforeAll, describe, expect, it } from 'vitest';
import { generatePage, type CorpusPage } from '../../bench/corpus/generate';
import { burnRegions } from '../../src/masking/burn';
import { decodeJpeg } from '../../src/masking/decode';
import { applyHomography } from '../../src/masking/homography';
import { detect, loadEngines, type Engines } from '../../src/masking/pipeline';
import { coveredFraction } from '../../src/masking/propose';
import { findSheet, rectify } from '../../src/masking/rectify';
import { verifyMasked } from '../../src/masking/verify';
import { forgottenUnitAliases } from '../../src/domain/unit-aliases';

// Issue 12 items 1–2: phone photos of a sheet are read flattened and their boxes mapped back onto
// the slanted text; small print at 150 dpi is read. Real ONNX models, generated pages.

let engines: Engines;
beforeAll(async () => {
  engines = await loadEngines({ intraOpNumThreads: 2 });
});

/** The name, listed units and their derived 简称 (as if the applicant confirmed them). */
const targetsOf = (p: CorpusPage) => ({ names: p.targets.names, units: [...p.targets.units, ...forgottenUnitAliases(p.targets.units)] });

function uncovered(p: CorpusPage, regions: Array<{ x: number; y: number; w: number; h: number }>, kinds: string[]) {
  return p.gt.filter((g) => kinds.includes(g.kind) && coveredFraction(g, regions) < 0.9);
}

describe('findSheet', () => {
  it.each([
    [41, 'blank', 1],
    [42, 'letter', 6],
    [43, 'form', 1],
  ] as const)('finds the corners of a photographed sheet (seed %i, %s, EXIF %i) within 1 %% of its size', async (seed, layout, exif) => {
    const page = await generatePage({ seed, layout, capture: 'phone', dpi: 150, variety: true, exif });
    const sheet = await findSheet(await decodeJpeg(page.jpeg));
    expect(sheet).not.toBeNull();
    const diag = Math.hypot(page.width, page.height);
    sheet!.corners.forEach(([x, y], i) => {
      const [ex, ey] = page.sheet![i]!;
      expect(Math.hypot(x - ex, y - ey)).toBeLessThan(0.01 * diag);
    });
  });

  it.each(['letter', 'resume', 'blank'] as const)('leaves a scan (%s) alone: the paper reaches every edge', async (layout) => {
    const page = await generatePage({ seed: 44, layout, dpi: 150, variety: true });
    expect(await rectify(await decodeJpeg(page.jpeg))).toBeNull();
  });

  it('warps the sheet upright at the resolution it had in the photo', async () => {
    const page = await generatePage({ seed: 45, layout: 'blank', capture: 'phone', dpi: 150, variety: true });
    const flat = await rectify(await decodeJpeg(page.jpeg));
    expect(flat).not.toBeNull();
    // A4 at 150 dpi is 1241 × 1754; the photo keeps the sheet at about that size.
    expect(flat!.img.width / flat!.img.height).toBeCloseTo(1241 / 1754, 1);
    expect(Math.abs(flat!.img.width - 1241)).toBeLessThan(0.05 * 1241);
    // Its corners map back onto the sheet's corners in the photo.
    const [x, y] = applyHomography(flat!.toShown, flat!.img.width, flat!.img.height);
    const [ex, ey] = page.sheet![2]!;
    expect(Math.hypot(x - ex, y - ey)).toBeLessThan(0.01 * Math.hypot(page.width, page.height));
  });
});

describe('detect on phone photos', () => {
  it.each([
    [51, 'notice', 1],
    [52, 'resume', 8],
  ] as const)('covers every name and unit on the slanted sheet (seed %i, %s, EXIF %i) and the burned photo verifies clean', async (seed, layout, exif) => {
    const page = await generatePage({ seed, layout, capture: 'phone', dpi: 170, variety: true, exif });
    const res = await detect(page.jpeg, targetsOf(page), engines);
    expect(res.width).toBe(page.width);
    expect(res.height).toBe(page.height);
    expect(uncovered(page, res.regions, ['name', 'unit']).map((g) => g.kind)).toEqual([]);
    const { leaks } = await verifyMasked(await burnRegions(page.jpeg, res.regions), targetsOf(page), engines);
    expect(leaks.filter((l) => l.kind === 'name' || l.kind === 'unit')).toEqual([]);
  });

  it('still covers every name and unit on a 150-dpi scan, which has no sheet edge', async () => {
    const page = await generatePage({ seed: 53, layout: 'letter', dpi: 150, variety: true });
    const res = await detect(page.jpeg, targetsOf(page), engines);
    expect(uncovered(page, res.regions, ['name', 'unit'])).toEqual([]);
  });
});

describe('small print', () => {
  it('finds the name in a 6–7-pt footnote of a 150-dpi scan (glyphs of 12–15 px)', async () => {
    const page = await generatePage({ seed: 61, layout: 'resume', dpi: 150, variety: true });
    // The footnote is the lowest name on the page.
    const foot = page.gt.filter((g) => g.kind === 'name').sort((a, b) => b.y - a.y)[0]!;
    expect(foot.h).toBeLessThan(20);
    const res = await detect(page.jpeg, targetsOf(page), engines);
    expect(coveredFraction(foot, res.regions)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('units under seals', () => {
  it('masks the whole unit line under a seal on a page scanned lying on its side', async () => {
    // The bench page that lost it: rows under the seal are columns of the image as shown.
    const page = await generatePage({ seed: 150034, layout: 'notice', dpi: 300, orientation: 270, variety: true });
    const res = await detect(page.jpeg, targetsOf(page), engines);
    expect(res.orientation).toBe(270);
    expect(uncovered(page, res.regions, ['name', 'unit', 'seal'])).toEqual([]);
  });
});
