import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngines, type Engines, type Targets } from '../../src/masking/pipeline';
import { coveredFraction } from '../../src/masking/propose';
import { verifyMasked } from '../../src/masking/verify';

// Issue 12 item 6: a slanted unit name covered 46 % kept its first seven characters readable and
// verification passed. Verification now looks for the name and unit themselves, whole or as an
// identifying run of ≥ 4 characters, on the real OCR models.

const targets: Targets = { names: ['王建国'], units: ['伊犁哈萨克自治州人民医院', '州人民医院', '州医院'] };
const UNIT = '伊犁哈萨克自治州人民医院';
const SIZE = 40;
const X = 120;
const BASE = 330;
const ANGLE = -4; // degrees; the line climbs to the right, as on a tilted photo

/**
 * A 1240×700 page (A4 width at 150 dpi) with the unit line rotated, and a black bar drawn in the
 * line's own (rotated) frame over the last `covered` share of the unit name, as a box placed by
 * hand over slanted text would be. Other lines stay upright and are not identities.
 */
async function page(covered: number, extra = ''): Promise<Buffer> {
  const label = '工作单位：';
  const unitX = X + label.length * SIZE;
  const len = UNIT.length * SIZE;
  const barX = unitX + (1 - covered) * len;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="700">
  <rect width="1240" height="700" fill="#fff"/>
  <text x="${X}" y="130" font-size="34" font-family="Noto Sans CJK SC">专业技术工作总结</text>
  <g transform="rotate(${ANGLE} ${X} ${BASE})">
    <text x="${X}" y="${BASE}" font-size="${SIZE}" font-family="Noto Sans CJK SC">${label}${UNIT}</text>
    ${covered > 0 ? `<rect x="${barX - 4}" y="${BASE - SIZE - 8}" width="${len - (barX - unitX) + 12}" height="${SIZE + 20}" fill="#000"/>` : ''}
  </g>
  <text x="${X}" y="520" font-size="34" font-family="Noto Sans CJK SC">${extra || '本人长期从事临床工作，业务能力较强。'}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** Axis-aligned box around the uncovered head of the rotated unit name. */
function visibleHead(covered: number) {
  const unitX = X + '工作单位：'.length * SIZE;
  const x1 = unitX + (1 - covered) * UNIT.length * SIZE;
  const rad = (ANGLE * Math.PI) / 180;
  const pts = [
    [unitX, BASE - SIZE],
    [x1, BASE - SIZE],
    [unitX, BASE + 8],
    [x1, BASE + 8],
  ].map(([x, y]) => [X + (x! - X) * Math.cos(rad) - (y! - BASE) * Math.sin(rad), BASE + (x! - X) * Math.sin(rad) + (y! - BASE) * Math.cos(rad)]);
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
}

let engines: Engines;
beforeAll(async () => {
  engines = await loadEngines();
});

describe('verifyMasked catches fragments (issue 12 item 6)', () => {
  it('fails a slanted unit name covered 46 %, and marks the readable head of it', async () => {
    const { leaks } = await verifyMasked(await page(0.46), targets, engines);
    const units = leaks.filter((l) => l.kind === 'unit');
    expect(units.length).toBeGreaterThanOrEqual(1);
    // The leak marks the readable part: it covers most of the visible head, and lies on that line.
    const head = visibleHead(0.46);
    expect(coveredFraction(head, units)).toBeGreaterThan(0.6);
    for (const u of units) expect(u.y + u.h).toBeGreaterThan(head.y);
  });

  it('passes the same line covered whole', async () => {
    const { leaks } = await verifyMasked(await page(1), targets, engines);
    expect(leaks).toEqual([]);
  });

  it('finds the whole name and the applicant-listed generic alias, but not a generic word or another hospital', async () => {
    const masked = await page(1, '王建国同志在本医院及县医院工作，州医院');
    const { leaks } = await verifyMasked(masked, targets, engines);
    expect(leaks.map((l) => l.kind).sort()).toEqual(['name', 'unit']);
    // 州医院 sits at the end of the line; 本医院 and 县医院 in the middle are not the unit.
    const unit = leaks.find((l) => l.kind === 'unit')!;
    expect(unit.x).toBeGreaterThan(X + 14 * 34 - 20);
  });
});
