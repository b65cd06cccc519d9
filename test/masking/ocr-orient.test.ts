import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/masking/image-types';
import { loadOcrSessions, type OcrSessions } from '../../src/masking/ocr-models';
import { detectOrientation } from '../../src/masking/orient';
import { findTextRegions } from '../../src/masking/text-detect';
import { coverage, renderPage, samplePageLines, substringBox, turnPage, type PageLine } from './ocr-page';

// B1: scanned attachments arrive sideways or upside down; the page is turned upright before its
// text is read. detectOrientation answers the clockwise turn that rights the page.

let s: OcrSessions;
let page: RawImage;
beforeAll(async () => {
  s = await loadOcrSessions();
  page = await renderPage(1240, 1754, samplePageLines(1));
});

async function rotate(img: RawImage, turn: number): Promise<RawImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(turn)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('detectOrientation', () => {
  it('says 0 for an upright page', async () => {
    const res = await detectOrientation(page, s);
    expect(res.orientation).toBe(0);
    expect(res.confidence).toBeGreaterThan(0.5);
  });

  it.each([90, 180, 270] as const)('undoes a page stored turned %i° clockwise', async (turn) => {
    const turned = await turnPage(page, turn);
    const res = await detectOrientation(turned, s);
    expect(res.orientation).toBe((360 - turn) % 360);
    expect(res.confidence).toBeGreaterThan(0.5);
  });

  it('tells the turns apart on a short letter in serif type', async () => {
    const lines: PageLine[] = [
      { text: '关于王建国同志任职情况的说明', x: 200, y: 300, size: 36, font: 'serif' },
      { text: '该同志自二〇一五年起任主治医师，', x: 120, y: 420, size: 28, font: 'serif' },
      { text: '工作认真负责，特此证明。', x: 120, y: 480, size: 28, font: 'serif' },
    ];
    const letter = await renderPage(1240, 1754, lines);
    for (const turn of [0, 90, 180, 270] as const) {
      const img = turn === 0 ? letter : await turnPage(letter, turn);
      expect((await detectOrientation(img, s)).orientation, `turned ${turn}`).toBe((360 - turn) % 360);
    }
  });

  it('says 0 with no confidence for a page without text', async () => {
    const blank = await renderPage(1240, 1754, []);
    expect(await detectOrientation(blank, s)).toEqual({ orientation: 0, confidence: 0 });
  });

  it('lets a sideways page be righted and its name found in original coordinates after turning back', async () => {
    const turned = await turnPage(page, 90);
    const { orientation } = await detectOrientation(turned, s);
    const upright = await rotate(turned, orientation);
    expect([upright.width, upright.height]).toEqual([page.width, page.height]);
    const res = await findTextRegions(upright, { names: ['王建国'], units: [] }, s);
    const gt = substringBox(samplePageLines(1)[1]!, '王建国');
    expect(coverage(gt, res.regions)).toBeGreaterThanOrEqual(0.9);
  });
});
