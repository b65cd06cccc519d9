// 检查姓名掩盖 in the browser (B1/B2): a fresh applicant's images are detected by the real ONNX
// pipeline in the server's job runner; the page shows the proposals, the editor adds, moves,
// resizes and deletes boxes with the pointer, 是 burns them (a leak is caught by the re-check and
// blocks submission), 否 marks an image clean, and an unmarked image keeps the file from submitting.
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { REQUIRED_UPLOADS, makeJpeg, uploadFields, validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
import { WAIT, gone, journey, openBrowser, screenshots, settledBox, visible, type Browser } from './support/browser';
import { APPLICANT_PASSWORD, ApiSession, registerAndLogin } from './support/api-flow';

const baseURL = inject('baseURL');

const NAME = '赵明远';
const UNIT = '伊犁哈萨克自治州人民医院';
const ID_NUMBER = validIdNumber('654002', '19850312', 101 + Math.floor(Math.random() * 400) * 2);

interface Region {
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Item {
  id: number;
  originalName: string;
  maskStatus: string;
  needsMasking: boolean | null;
  proposals: Region[];
  regions: Region[];
  leaks: Region[];
  width: number;
  height: number;
}

let browser: Browser;
let page: Page;
const api = new ApiSession(baseURL);

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

const snap = screenshots(() => page, 'masking-check');

/** A4-like letter that names the applicant and the unit, as a scanned page would. */
async function letterJpg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="800">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <text x="380" y="90" font-size="44" font-family="Noto Sans CJK SC" font-weight="bold">个人承诺书</text>
    <text x="70" y="200" font-size="34" font-family="Noto Sans CJK SC">本人${NAME}，现工作于${UNIT}，</text>
    <text x="70" y="260" font-size="34" font-family="Noto Sans CJK SC">郑重承诺所提交的申报材料真实有效。</text>
    <text x="600" y="420" font-size="34" font-family="Noto Sans CJK SC">承诺人：${NAME}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** A page with nothing to mask. */
async function plainJpg(seed: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700">
    <rect width="100%" height="100%" fill="rgb(${246 - seed},244,238)"/>
    <rect x="${80 + seed * 9}" y="120" width="520" height="26" fill="rgb(120,140,${160 + seed})"/>
    <rect x="80" y="200" width="700" height="8" fill="#bbbbbb"/><rect x="80" y="240" width="640" height="8" fill="#bbbbbb"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

async function overview(id: number): Promise<Item[]> {
  return (await api.get<{ items: Item[] }>(`/api/applicant/applications/${id}/masking`)).items;
}

/** Mean grey level of a box of a JPEG, after EXIF rotation. */
async function regionMean(jpg: Buffer, r: Region): Promise<number> {
  const { data } = await sharp(jpg).rotate().greyscale().extract({ left: r.x, top: r.y, width: r.w, height: r.h }).raw().toBuffer({ resolveWithObject: true });
  let s = 0;
  for (const v of data) s += v;
  return s / data.length;
}

/** The card of one attachment on the grid. */
function card(name: string): Locator {
  return page.getByRole('group', { name: `附件：${name}`, exact: true });
}

describe('检查姓名掩盖 page', () => {
  // Each step builds on the one before: after a failure the rest stop at once.
  const step = journey(snap);

  let appId = 0;
  const ids = { letter: 0, evidence: 0, other: 0 };

  step('prepares an applicant with three images, detected by the real pipeline', async () => {
    await registerAndLogin(api, { idNumber: ID_NUMBER, name: NAME, mobile: '13999120000', password: APPLICANT_PASSWORD });
    const cat = await api.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === UNIT);
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    appId = (await api.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id })).id;
    let version: number = (await api.get(`/api/applicant/applications/${appId}`)).application.version;
    // The rows must exist before their images (A5 row 0).
    for (const [code, data] of Object.entries(validSections({ name: NAME, idNumber: ID_NUMBER, birthDate: '1985-03-12', sex: '男' }))) {
      version = (await api.put(`/api/applicant/applications/${appId}/sections/${code}`, { version, data })).version;
    }
    const up = (where: { sectionCode: string; rowId?: string; slot: string }, name: string, bytes: Buffer) =>
      api.upload<{ id: number }>(`/api/applicant/applications/${appId}/attachments`, uploadFields(where), { name, bytes });
    ids.letter = (await up({ sectionCode: 'A7', slot: 'letter' }, '承诺书.jpg', await letterJpg())).id;
    ids.evidence = (await up({ sectionCode: 'A5', rowId: 'A5-0', slot: 'evidence' }, '印证材料.jpg', await plainJpg(1))).id;
    ids.other = (await up({ sectionCode: 'A13', slot: 'other' }, '其他材料.jpg', await plainJpg(2))).id;
    // The rest of a complete file, marked 否 at once, so that masking is all that stands between it and submitting.
    for (const u of REQUIRED_UPLOADS) {
      if ((u.sectionCode === 'A5' && u.slot === 'evidence') || (u.sectionCode === 'A7' && u.slot === 'letter')) continue;
      for (let i = 0; i < u.count; i++) {
        const { id } = await up(u, `${u.sectionCode}-${u.rowId ? `${u.rowId}-` : ''}${u.slot}-${i}.jpg`, await makeJpeg());
        if (u.sectionCode !== 'A1') await api.put(`/api/applicant/applications/${appId}/attachments/${id}/masking`, { needsMasking: false });
      }
    }

    // Detection runs in the server's job runner (ONNX in worker threads); the first job loads the models.
    await expect
      .poll(async () => (await overview(appId)).filter((i) => Object.values(ids).includes(i.id)).map((i) => i.maskStatus).join(','), { timeout: 90_000, interval: 500 })
      .toBe('proposed,proposed,proposed');
    const letter = (await overview(appId)).find((i) => i.id === ids.letter)!;
    const kinds = new Set(letter.proposals.map((p) => p.kind));
    expect(kinds.has('name')).toBe(true);
    expect(kinds.has('unit')).toBe(true);
  }, 120_000);

  step('shows the rule, the counts, the proposals on the thumbnail and the unmarked warning', async () => {
    const cookie = api.cookie.split('=');
    await browser.context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: baseURL }]);
    // Reached from 我的申请书, as the source describes (我的主页－我的申请书－检查姓名掩盖).
    await page.goto(`${baseURL}/applicant/applications/${appId}`);
    await page.getByRole('button', { name: '检查姓名掩盖' }).click();
    await page.waitForURL(`**/applicant/applications/${appId}/masking`);
    await visible(page.getByRole('heading', { name: '检查姓名掩盖' }));
    await visible(page.getByText(/凡遮盖不符合要求的一律不予受理/));
    await visible(page.getByRole('radio', { name: '未标记（3）' }));
    const letter = card('承诺书.jpg');
    await visible(letter);
    await expect.poll(() => letter.getByTestId('mask-status').innerText(), WAIT).toBe('建议遮盖');
    await expect.poll(() => letter.locator('[data-kind="name"]').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => letter.locator('[data-kind="unit"]').count(), WAIT).toBeGreaterThan(0);
    const problems = page.getByRole('alert').filter({ hasText: '遮盖问题' });
    await visible(problems);
    await expect.poll(() => problems.innerText(), WAIT).toContain('尚未标记是否需要遮盖');
    await snap('grid');
  });

  let manual: Region | null = null;

  step('adds, moves, resizes and deletes boxes in the editor, then confirms 是 without the name', async () => {
    await card('承诺书.jpg').getByRole('button', { name: '打开遮盖编辑：承诺书.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    const stage = dialog.getByRole('group', { name: '图片遮盖区域：承诺书.jpg' });
    await visible(stage);
    const boxes = stage.locator('.box');
    const proposals = (await overview(appId)).find((i) => i.id === ids.letter)!.proposals.length;
    await expect.poll(() => boxes.count(), WAIT).toBe(proposals);

    // Scale: the stage shows the 1000×800 image at its own size on screen.
    const sb = await settledBox(stage);
    const k = sb.width / 1000;

    // Add: drag on an empty area (image 80,560 → 300,700).
    await page.mouse.move(sb.x + 80 * k, sb.y + 560 * k);
    await page.mouse.down();
    await page.mouse.move(sb.x + 200 * k, sb.y + 630 * k, { steps: 5 });
    await page.mouse.move(sb.x + 300 * k, sb.y + 700 * k, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => boxes.count(), WAIT).toBe(proposals + 1);
    const added = stage.getByRole('button', { name: `手动遮盖框${proposals + 1}`, exact: true });
    const before = (await added.boundingBox())!;
    expect(before.width / k).toBeGreaterThan(200);

    // Move: drag inside the box by (+40, −30) image pixels.
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width / 2 + 40 * k, before.y + before.height / 2 - 30 * k, { steps: 6 });
    await page.mouse.up();
    const moved = (await added.boundingBox())!;
    expect(Math.abs(moved.x - before.x - 40 * k)).toBeLessThan(3);
    expect(Math.abs(moved.y - before.y + 30 * k)).toBeLessThan(3);
    expect(Math.abs(moved.width - before.width)).toBeLessThan(2);

    // Resize: the selected box's bottom-right handle, by (+60, +20).
    const handle = added.getByRole('button', { name: '拖动右下角调整大小' });
    const hb = (await handle.boundingBox())!;
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    await page.mouse.move(hb.x + hb.width / 2 + 60 * k, hb.y + hb.height / 2 + 20 * k, { steps: 6 });
    await page.mouse.up();
    const resized = (await added.boundingBox())!;
    expect(Math.abs(resized.width - moved.width - 60 * k)).toBeLessThan(3);
    expect(Math.abs(resized.height - moved.height - 20 * k)).toBeLessThan(3);

    // Touch: a finger drag draws a second box (Pointer Events, touch-action: none) …
    const cdp = await browser.context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: sb.x + x * k, y: sb.y + y * k }] });
    await touch('touchStart', 700, 600);
    for (let i = 1; i <= 5; i++) await touch('touchMove', 700 + i * 20, 600 + i * 20);
    await touch('touchEnd', 800, 700);
    await cdp.detach();
    // … which × deletes; then every name box goes with the Delete key.
    await expect.poll(() => boxes.count(), WAIT).toBe(proposals + 2);
    await stage.getByRole('button', { name: `删除第${proposals + 2}个遮盖框` }).click();
    await expect.poll(() => boxes.count(), WAIT).toBe(proposals + 1);
    const names = stage.locator('.box[data-kind="name"]');
    const nameCount = await names.count();
    expect(nameCount).toBeGreaterThan(0);
    for (let i = 0; i < nameCount; i++) {
      await names.first().click();
      await page.keyboard.press('Delete');
    }
    await expect.poll(() => names.count(), WAIT).toBe(0);
    await expect.poll(() => boxes.count(), WAIT).toBe(proposals + 1 - nameCount);
    await snap('editor');

    await dialog.getByRole('button', { name: '确认遮盖（是）' }).click();
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);
    const item = (await overview(appId)).find((i) => i.id === ids.letter)!;
    expect(item.needsMasking).toBe(true);
    manual = item.regions.find((r) => r.kind === 'manual') ?? null;
    // Where the box was drawn: x 80+40, y 560−30, w 220+60, h 140+20 (± a few pixels of mouse rounding).
    expect(manual).not.toBeNull();
    expect(Math.abs(manual!.x - 120)).toBeLessThanOrEqual(4);
    expect(Math.abs(manual!.y - 530)).toBeLessThanOrEqual(4);
    expect(Math.abs(manual!.w - 280)).toBeLessThanOrEqual(4);
    expect(Math.abs(manual!.h - 160)).toBeLessThanOrEqual(4);
    expect(item.regions.some((r) => r.kind === 'name')).toBe(false);
  });

  step('marks the plain image 否; 是 opens the editor and stays unset until confirmed', async () => {
    const other = card('其他材料.jpg');
    await other.getByRole('radiogroup', { name: '是否需要遮盖：其他材料.jpg' }).getByText('是', { exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    await visible(dialog.getByRole('group', { name: '图片遮盖区域：其他材料.jpg' }));
    await visible(dialog.getByText(/未发现需遮盖内容，建议选“否”/));
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);
    await expect.poll(() => other.getByRole('radio', { name: '是' }).isChecked(), WAIT).toBe(false);

    const c = card('印证材料.jpg');
    await c.getByRole('radiogroup', { name: '是否需要遮盖：印证材料.jpg' }).getByText('否', { exact: true }).click();
    // A proposal on the plain page (a false positive) makes 否 ask first; known from the server, not guessed from the screen.
    const proposed = (await overview(appId)).find((i) => i.id === ids.evidence)!.proposals.length > 0;
    if (proposed) await page.getByRole('dialog', { name: '确认无需遮盖' }).getByRole('button', { name: '确定无需遮盖' }).click();
    await expect.poll(() => c.getByTestId('mask-status').innerText(), WAIT).toBe('无需遮盖');
  });

  step('burns the boxes, and the re-check finds the name left uncovered', async () => {
    const c = card('承诺书.jpg');
    await expect.poll(() => c.getByTestId('mask-status').innerText(), { timeout: 60_000, interval: 300 }).toMatch(/^已遮盖/);
    await visible(c.getByText(/复检发现\d+处未遮住/));
    await expect.poll(() => c.locator('[data-kind="leak"]').count(), WAIT).toBeGreaterThan(0);
    const problems = page.getByRole('alert').filter({ hasText: '遮盖问题' });
    await expect.poll(() => problems.innerText(), WAIT).toMatch(/复检仍发现\d+处/);
    const detail = await api.get(`/api/applicant/applications/${appId}`);
    expect(detail.problems.map((p: { code: string }) => p.code)).toContain('MASKING_LEAK');
    await snap('leak');

    // The burned copy is black inside every box and unchanged elsewhere.
    const original = await api.bytes(`/api/attachments/${ids.letter}/original`);
    const masked = await api.bytes(`/api/attachments/${ids.letter}/masked`);
    expect(masked.status).toBe(200);
    expect(masked.body.equals(original.body)).toBe(false);
    const inset = { x: manual!.x + 3, y: manual!.y + 3, w: manual!.w - 6, h: manual!.h - 6, kind: 'manual' };
    expect(await regionMean(original.body, inset)).toBeGreaterThan(240);
    expect(await regionMean(masked.body, inset)).toBeLessThan(15);
    const item = (await overview(appId)).find((i) => i.id === ids.letter)!;
    const unit = item.regions.find((r) => r.kind === 'unit')!;
    const unitInset = { ...unit, x: unit.x + 2, y: unit.y + 2, w: unit.w - 4, h: unit.h - 4 };
    expect(await regionMean(original.body, unitInset)).toBeGreaterThan(await regionMean(masked.body, unitInset));
    expect(await regionMean(masked.body, unitInset)).toBeLessThan(15);
    const outside = { kind: 'x', x: 20, y: 20, w: 40, h: 40 };
    expect(Math.abs((await regionMean(original.body, outside)) - (await regionMean(masked.body, outside)))).toBeLessThan(3);
  }, 90_000);

  step('fixes the leak by taking the proposals again, and only the unmarked image still blocks submission', async () => {
    await card('承诺书.jpg').getByRole('button', { name: '打开遮盖编辑：承诺书.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    await visible(dialog.getByText(/复检发现\d+处未遮住/));
    await dialog.getByRole('button', { name: '还原建议' }).click();
    await expect.poll(() => dialog.locator('.box[data-kind="name"]').count(), WAIT).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: '确认遮盖（是）' }).click();
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);
    const c = card('承诺书.jpg');
    await expect.poll(() => c.getByTestId('mask-status').innerText(), { timeout: 60_000, interval: 300 }).toBe('已遮盖');
    await expect.poll(() => c.getByText(/复检发现/).count(), WAIT).toBe(0);

    const detail = await api.get(`/api/applicant/applications/${appId}`);
    // blocking ones: a 否 image in which detection proposed something is a warning (issue 9 item 6)
    const masking = detail.problems.filter((p: { section: string; severity?: string }) => p.section === 'masking' && p.severity !== 'warning');
    expect(masking.map((p: { code: string; field: string }) => `${p.code} ${p.field}`)).toEqual([`MASKING_UNMARKED attachment:${ids.other}`]);
    const problems = page.getByRole('alert').filter({ hasText: '遮盖问题' });
    await expect.poll(() => problems.innerText(), WAIT).toContain('其他材料.jpg');
    await expect.poll(() => problems.innerText(), WAIT).not.toContain('复检仍发现');
    await visible(page.getByRole('radio', { name: '未标记（1）' }));
    // The server refuses the submit for the same reason.
    const res = await fetch(`${baseURL}/api/applicant/applications/${appId}/submit`, {
      method: 'POST',
      headers: { cookie: api.cookie, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ version: detail.application.version }),
    });
    expect(res.status).toBe(422);
    const refused = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(refused.errors.map((e) => e.field)).toEqual([`masking.attachment:${ids.other}`]);
    expect(refused.errors[0]!.message).toContain('尚未标记是否需要遮盖');
    await snap('blocked');
  }, 90_000);

  step('takes the proposal of the last image with 一键采纳建议', async () => {
    await page.getByRole('button', { name: /一键采纳建议（1张）/ }).click();
    await page.getByRole('dialog', { name: '一键采纳建议' }).getByRole('button', { name: '采纳' }).click();
    const c = card('其他材料.jpg');
    await expect.poll(() => c.getByTestId('mask-status').innerText(), { timeout: 60_000, interval: 300 }).toMatch(/^(无需遮盖|已遮盖)$/);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '遮盖问题' }).count(), { timeout: 60_000, interval: 300 }).toBe(0);
    await visible(page.getByText('全部附件已完成遮盖检查。'));
    await snap('done');

    // Nothing blocks the file any more: it submits, and the page turns read-only.
    const version = (await api.get(`/api/applicant/applications/${appId}`)).application.version;
    await api.post(`/api/applicant/applications/${appId}/submit`, { version });
    await page.reload();
    await visible(page.getByText('遮盖情况只能查看，不能修改', { exact: false }));
    await gone(page.getByRole('button', { name: /一键采纳建议/ }));
    const radios = card('印证材料.jpg').getByRole('radio');
    await expect.poll(() => radios.first().isDisabled(), WAIT).toBe(true);
    await card('承诺书.jpg').getByRole('button', { name: '查看：承诺书.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    await visible(dialog.getByRole('button', { name: '关闭', exact: true }));
    await gone(dialog.getByRole('button', { name: '确认遮盖（是）' }));
    await settledBox(dialog.getByRole('group', { name: '图片遮盖区域：承诺书.jpg' }));
    await snap('readonly');
  }, 90_000);

  step('zooms the editor: buttons, the wheel at the pointer, fit to width, original size and a two-finger pinch (issue 11)', async () => {
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    const stage = dialog.getByRole('group', { name: '图片遮盖区域：承诺书.jpg' });
    const zoom = dialog.getByRole('toolbar', { name: '缩放' });
    const width = async () => (await stage.boundingBox())!.width;
    const w0 = (await settledBox(stage)).width;

    await zoom.getByRole('button', { name: '放大' }).click();
    await expect.poll(width, WAIT).toBeGreaterThan(w0 * 1.2);

    // The wheel zooms at the pointer: the image point under it stays under it.
    const sb = await settledBox(stage);
    const at = { x: sb.x + sb.width * 0.3, y: sb.y + Math.min(sb.height * 0.3, 200) };
    const share = (b: { x: number; width: number }) => (at.x - b.x) / b.width;
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -400);
    await expect.poll(width, WAIT).toBeGreaterThan(sb.width * 1.3);
    const zoomed = await settledBox(stage);
    expect(Math.abs(share(zoomed) - share(sb))).toBeLessThan(0.02);

    // Fit to width: the page spans the view, with no sideways scrolling.
    await zoom.getByRole('button', { name: '适合宽度' }).click();
    const view = stage.locator('xpath=..');
    await expect
      .poll(async () => view.evaluate((el) => el.scrollWidth <= el.clientWidth && Math.abs(el.clientWidth - 16 - el.firstElementChild!.getBoundingClientRect().width) < 24), WAIT)
      .toBe(true);

    // 原始大小: one screen pixel per image pixel, so small print of a 300-dpi page reads as scanned.
    await zoom.getByRole('button', { name: '原始大小' }).click();
    await expect.poll(width, WAIT).toBeCloseTo(1000, -1);
    await visible(zoom.getByText('100%', { exact: true }));
    await snap('editor-zoom');

    // Two fingers spreading apart zoom in (touch, as on a phone).
    await zoom.getByRole('button', { name: '整页' }).click();
    const fit = (await settledBox(stage)).width;
    const vb = (await view.boundingBox())!;
    const cx = vb.x + vb.width / 2;
    const cy = vb.y + Math.min(vb.height / 2, 250);
    const cdp = await browser.context.newCDPSession(page);
    const fingers = (d: number) => [
      { x: cx - d, y: cy, id: 1 },
      { x: cx + d, y: cy, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(40) });
    for (let d = 50; d <= 120; d += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await expect.poll(width, WAIT).toBeGreaterThan(fit * 2);
    // A pinch draws no box.
    const item = (await overview(appId)).find((i) => i.id === ids.letter)!;
    await expect.poll(() => stage.locator('.box').count(), WAIT).toBe(item.regions.length);
  }, 90_000);
});
