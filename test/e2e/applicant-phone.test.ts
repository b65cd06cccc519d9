// The applicant's key steps on a phone (issue 11), 390×844 with touch: signed-out pages, register,
// the drawer menu, a new declaration, A1 filled by hand with a standard 1-inch photo, the front and
// back pages of an appraisal form kept in the order chosen, the masking page and its editor,
// submit, and the results page. On every screen the layout is measured (nothing wider than the
// screen, no input narrower than its text, a one-line header) and a screenshot is kept under
// test-results/e2e-phone/; over the whole journey the console must stay free of errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { SECTIONS } from '../../src/domain/section-fields';
import { REQUIRED_UPLOADS, makeJpeg, uploadFields, validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
import { WAIT, choose, closed, gone, hasText, hasValue, journey, openBrowser, settledBox, visible, type Browser } from './support/browser';
import { fitsThePhone, phoneShots, watchConsole } from './support/phone';

const baseURL = inject('baseURL');

let browser: Browser;
let page: Page;
let imageDir: string;
let consoleWatch: ReturnType<typeof watchConsole>;

beforeAll(async () => {
  imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-phone-'));
  browser = await openBrowser({ phone: true });
  page = browser.page;
  consoleWatch = watchConsole(page);
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(imageDir, { recursive: true, force: true });
});

const shot = phoneShots(() => page, 'applicant-phone');

/** A JPG file on disk of the given size (noise makes a big one big in bytes too, so it uploads slowly). */
async function jpgFile(name: string, width: number, height: number, noisy = false): Promise<string> {
  const file = path.join(imageDir, name);
  const base = sharp({ create: { width, height, channels: 3, background: { r: 236, g: 240, b: 245 } } });
  if (noisy) {
    const noise = Buffer.alloc(width * height * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toFile(file);
  } else {
    await base.jpeg({ quality: 85 }).toFile(file);
  }
  return file;
}

/** The applicant's 承诺书 naming her and her unit, as a photographed page would: detection proposes boxes on it. */
async function letterJpg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="800">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <text x="380" y="90" font-size="44" font-family="Noto Sans CJK SC" font-weight="bold">个人承诺书</text>
    <text x="70" y="200" font-size="34" font-family="Noto Sans CJK SC">本人${NAME}，现工作于${UNIT}，</text>
    <text x="70" y="260" font-size="34" font-family="Noto Sans CJK SC">郑重承诺所提交的申报材料真实有效。</text>
    <text x="560" y="420" font-size="34" font-family="Noto Sans CJK SC">承诺人：${NAME}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

async function text(label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

async function date(label: string, value: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await hasValue(input, value);
  await page.keyboard.press('Escape');
}

/** On a phone the 13 sections fold into one line above the form: unfold it, pick, and it folds again. */
async function openSection(title: string) {
  const toggle = page.getByRole('button', { name: '切换栏目' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('menuitem', { name: title }).click();
  await hasText(page.getByRole('heading', { level: 2 }), title);
  await expect.poll(() => toggle.getAttribute('aria-expanded'), WAIT).toBe('false');
}

const NAME = '米热古丽·吐尔逊';
const ID_NUMBER = validIdNumber('654002', '19900218', 302 + Math.floor(Math.random() * 300) * 2);
const PASSWORD = 'Shouji#2026';
const UNIT = '伊犁哈萨克自治州人民医院';
const LETTER = '承诺书.jpg';

describe('applicant on a phone (390×844)', () => {
  const step = journey(shot);
  let applicationId = 0;

  step('opens the login page signed out: no failed session probe, fits the screen', async () => {
    await page.goto(`${baseURL}/login`);
    await visible(page.getByRole('button', { name: '登录', exact: true }));
    await fitsThePhone(page, '登录页');
    await shot('login');
    consoleWatch.assertNone('未登录打开登录页');
  });

  step('registers on the phone and lands on 我的主页 with a one-line header', async () => {
    await page.goto(`${baseURL}/register`);
    await text('身份证号', ID_NUMBER);
    await visible(page.getByText('身份证号校验通过'));
    await text('姓名', NAME);
    await text('手机号', '13899123456');
    await text('密码', PASSWORD);
    await text('确认密码', PASSWORD);
    await fitsThePhone(page, '注册页');
    await shot('register');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL('**/applicant');
    await visible(page.getByRole('heading', { name: '我的主页' }));
    // no 200-px sidebar: the menu is behind the header's button
    await gone(page.locator('.aside'));
    await visible(page.getByRole('button', { name: '打开菜单' }));
    await fitsThePhone(page, '我的主页');
    await shot('home');
  });

  step('opens the drawer menu and goes to 评审结果 and back', async () => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.getByRole('dialog', { name: '功能菜单' });
    await visible(drawer.getByRole('menuitem', { name: '评审结果' }));
    await visible(drawer.getByRole('menuitem', { name: '退出' }));
    // slid in completely: left edge on the screen's
    expect((await settledBox(drawer)).x).toBe(0);
    await fitsThePhone(page, '菜单抽屉');
    await shot('drawer', false);
    await drawer.getByRole('menuitem', { name: '评审结果' }).click();
    await visible(page.getByRole('heading', { name: '评审结果' }));
    await closed(page.getByRole('dialog', { name: '功能菜单' }));
    await fitsThePhone(page, '评审结果');
    await shot('results');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog', { name: '功能菜单' }).getByRole('menuitem', { name: '我的主页' }).click();
    await visible(page.getByRole('heading', { name: '我的主页' }));
  });

  step('creates a declaration in the 新建申报 dialog', async () => {
    await page.getByRole('button', { name: '新建申报' }).click();
    const dialog = page.getByRole('dialog', { name: '新建申报' });
    await visible(dialog.getByLabel('评审年度', { exact: true }));
    await dialog.getByLabel('系列/专业', { exact: true }).click();
    const cascader = page.locator('.el-cascader__dropdown').filter({ visible: true });
    await cascader.getByRole('menuitem', { name: '卫生系列' }).click();
    await cascader.getByRole('menuitem', { name: '临床医学' }).click();
    await closed(page.locator('.el-cascader__dropdown'));
    await dialog.getByText('中级', { exact: true }).click();
    await choose(dialog, '推荐单位', /^伊犁哈萨克自治州人民医院/);
    await fitsThePhone(page, '新建申报对话框');
    await shot('new-application', false);
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/applicant\/applications\/\d+$/);
    applicationId = Number(/(\d+)$/.exec(page.url())![1]);
    await visible(page.getByRole('heading', { name: '我的申请书' }));
    // the section list is folded to one line, so the form starts on the first screen
    await expect.poll(() => page.getByRole('button', { name: '切换栏目' }).getAttribute('aria-expanded'), WAIT).toBe('false');
    expect((await page.getByRole('heading', { level: 2 }).boundingBox())!.y).toBeLessThan(844);
    await fitsThePhone(page, '我的申请书');
    await shot('application');
  });

  step('fills A1 by hand: no 无 button on 姓名/身份证号/手机号, a 1-inch photo is taken', async () => {
    await openSection('基本信息');
    for (const id of ['name', 'idNumber', 'mobile']) {
      await expect.poll(() => page.locator(`#p-A1-fields_${id}`).getByRole('button', { name: '本项填“无”' }).count(), WAIT).toBe(0);
    }
    await visible(page.locator('#p-A1-fields_currentTitle').getByRole('button', { name: '本项填“无”' }));
    await text('姓名', NAME);
    await choose(page, '性别', '女');
    await date('出生日期', '1990-02-18');
    await text('族别', '维吾尔族');
    await choose(page, '政治面貌', '群众');
    await text('身份证号', ID_NUMBER);
    await text('手机号码', '13899123456');
    await text('现工作单位（全称）', '伊犁哈萨克自治州人民医院');
    await text('单位简称或别称', '州人民医院、州医院');
    await date('参加工作时间', '2008-07');
    await page.locator('#p-A1-fields_currentTitle').getByRole('button', { name: '本项填“无”' }).click();
    await hasValue(page.getByLabel('现任职称', { exact: true }), '无');

    // the camera is offered next to the file picker, and opens the camera directly
    const photoSlot = page.getByRole('group', { name: '近期一寸免冠照片', exact: true });
    await visible(photoSlot.getByRole('button', { name: '拍照上传近期一寸免冠照片' }));
    expect(await photoSlot.getByLabel('拍摄近期一寸免冠照片').getAttribute('capture')).toBe('environment');
    expect(await photoSlot.getByLabel('拍摄近期一寸免冠照片').getAttribute('accept')).toContain('image/jpeg');

    // a standard 1-inch photo (295×413) goes in; a page slot refuses so small an image, explained at the tile
    await photoSlot.getByLabel('选择近期一寸免冠照片文件').setInputFiles(await jpgFile('一寸照片.jpg', 295, 413));
    await expect.poll(() => photoSlot.getByRole('img', { name: '一寸照片.jpg', exact: true }).count(), { ...WAIT, timeout: 30_000 }).toBe(1);
    const front = page.getByRole('group', { name: '身份证正面', exact: true });
    await front.getByLabel('选择身份证正面文件').setInputFiles(await jpgFile('太小的身份证.jpg', 295, 413));
    await hasText(front.getByRole('alert'), '短边至少600像素');
    await front.getByRole('button', { name: '移除' }).click();
    await front.getByLabel('选择身份证正面文件').setInputFiles(await jpgFile('身份证正面.jpg', 1000, 640));
    const back = page.getByRole('group', { name: '身份证反面', exact: true });
    await back.getByLabel('选择身份证反面文件').setInputFiles(await jpgFile('身份证反面.jpg', 1000, 640));
    for (const [slot, file] of [[front, '身份证正面.jpg'], [back, '身份证反面.jpg']] as const) {
      await expect.poll(() => slot.getByRole('img', { name: file, exact: true }).count(), { ...WAIT, timeout: 30_000 }).toBe(1);
    }
    await page.getByRole('button', { name: '保存本项' }).click();
    await visible(page.getByText('已保存', { exact: true }));
    await fitsThePhone(page, 'A1 基本信息');
    await shot('a1');
  });

  step('fills the other sections, then keeps an appraisal form’s 正面 before its 反面 though 正面 is far larger', async () => {
    // Sections A2–A13 and their images the quick way (the browser journey on a desktop covers them by hand).
    const detail = await (await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}`)).json();
    const sections = validSections({ name: NAME, idNumber: ID_NUMBER, birthDate: '1990-02-18', sex: '女' });
    for (const [code, data] of Object.entries(sections)) {
      if (code === 'A1') continue;
      const res = await page.request.put(`${baseURL}/api/applicant/applications/${applicationId}/sections/${code}`, {
        data: { version: detail.sectionVersions[code] ?? 0, data },
      });
      expect(res.status(), await res.text()).toBe(200);
    }
    for (const u of REQUIRED_UPLOADS) {
      if (u.sectionCode === 'A1' || u.rowId === 'A11-0') continue;
      for (let i = 0; i < u.count; i++) {
        // the 承诺书 names the applicant and her unit, so the masking page has proposals to show
        const file =
          u.sectionCode === 'A7' && u.slot === 'letter'
            ? { name: LETTER, mimeType: 'image/jpeg', buffer: await letterJpg() }
            : { name: `${u.slot}-${i}.jpg`, mimeType: 'image/jpeg', buffer: await makeJpeg() };
        const res = await page.request.post(`${baseURL}/api/applicant/applications/${applicationId}/attachments`, {
          headers: { origin: new URL(baseURL).origin },
          multipart: { ...uploadFields(u), file },
        });
        expect(res.status(), await res.text()).toBe(201);
      }
    }
    await page.reload();
    // every section, filled, fits the screen
    for (const def of SECTIONS) {
      await openSection(def.title);
      await fitsThePhone(page, `${def.code} ${def.title}`);
    }
    // A6 and A9 may stay empty, and say so (no “无” row asked for)
    for (const title of ['发表论文情况', '获得的知识产权']) {
      await openSection(title);
      await visible(page.getByText(/没有可不填/).first());
      expect(await page.locator('.section-form').innerText()).not.toContain('写一行');
    }
    // A12: the length comes from the review year's policy, not from a year written into the hint
    await openSection('任现职以来个人工作总结');
    await visible(page.getByText(`本年度要求：${detail.policy.summaryMinChars}—${detail.policy.summaryMaxChars} 字`, { exact: false }));
    expect(await page.locator('.section-form .hint').innerText()).not.toContain('2023年');
    await shot('a12');
    await openSection('年度考核情况');

    // A refused action leaves no uncaught error: an image deleted meanwhile (another tab) is deleted again here.
    const second = page.getByRole('group', { name: '年度考核 2', exact: true });
    const row2 = (await (await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}`)).json()).attachments.find(
      (a: { rowId: string | null; originalName: string }) => a.rowId === 'A11-1' && a.originalName === 'form-1.jpg',
    );
    const gone1 = await page.request.delete(`${baseURL}/api/applicant/applications/${applicationId}/attachments/${row2.id}`, { headers: { origin: new URL(baseURL).origin } });
    expect(gone1.status()).toBe(204);
    await second.getByRole('button', { name: '删除form-1.jpg' }).click();
    await page.locator('.el-message-box').filter({ visible: true }).getByRole('button', { name: '删除', exact: true }).click();
    await visible(page.locator('.el-message--error'));
    consoleWatch.assertNone('删除已不存在的附件');
    const again = await page.request.post(`${baseURL}/api/applicant/applications/${applicationId}/attachments`, {
      headers: { origin: new URL(baseURL).origin },
      multipart: { sectionCode: 'A11', rowId: 'A11-1', slot: 'form', file: { name: 'form-1b.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg() } },
    });
    expect(again.status()).toBe(201);

    const row = page.getByRole('group', { name: '年度考核 1', exact: true });
    const slot = row.getByRole('group', { name: '年度考核表（正、反面）', exact: true });
    // chosen together, 正面 first: the 正面 is a large scan that takes far longer to upload
    const frontPage = await jpgFile('考核表正面.jpg', 2400, 3400, true);
    const backPage = await jpgFile('考核表反面.jpg', 800, 1100);
    await slot.getByLabel('选择年度考核表（正、反面）文件').setInputFiles([frontPage, backPage]);
    const pages = slot.locator('img[alt^="考核表"]');
    await expect.poll(() => pages.count(), { ...WAIT, timeout: 60_000 }).toBe(2);
    expect(await pages.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))).toEqual(['考核表正面.jpg', '考核表反面.jpg']);
    // …and so they stay after a reload, as the server stored them
    await page.reload();
    await openSection('年度考核情况');
    await expect
      .poll(() => pages.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))), WAIT)
      .toEqual(['考核表正面.jpg', '考核表反面.jpg']);
    await fitsThePhone(page, 'A11 年度考核');
    await shot('a11');
  });

  step('uses the masking page and its editor on the phone', async () => {
    await page.getByRole('button', { name: '检查姓名掩盖' }).click();
    await visible(page.getByRole('heading', { name: '检查姓名掩盖' }));
    await visible(page.getByRole('list', { name: '附件图片' }));
    await fitsThePhone(page, '检查姓名掩盖');
    await shot('masking');
    const first = page.getByRole('group', { name: /^附件：/ }).first();
    await first.getByRole('button', { name: /^(打开遮盖编辑|查看)：/ }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    await visible(dialog.getByRole('group', { name: /^图片遮盖区域：/ }));
    await fitsThePhone(page, '遮盖编辑');
    await shot('mask-editor', false);
    await dialog.getByRole('button', { name: /^(取消|关闭)$/ }).click();
    await closed(page.getByRole('dialog', { name: /遮盖编辑/ }));
  });

  step('shows detection’s proposals on the masking page and in the editor, zoomed, on the phone', async () => {
    // detection runs in the server's job runner (ONNX in worker threads); the first job loads the models
    type Item = { originalName: string; maskStatus: string; proposals: unknown[] };
    const letter = async () =>
      ((await (await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}/masking`)).json()).items as Item[]).find((i) => i.originalName === LETTER);
    await expect.poll(async () => (await letter())?.maskStatus, { timeout: 90_000, interval: 500 }).toBe('proposed');
    const proposals = (await letter())!.proposals.length;
    expect(proposals).toBeGreaterThan(0);
    await page.reload();
    const card = page.getByRole('group', { name: `附件：${LETTER}`, exact: true });
    await visible(card);
    await expect.poll(() => card.getByTestId('mask-status').innerText(), WAIT).toBe('建议遮盖');
    await expect.poll(() => card.locator('[data-kind]').count(), WAIT).toBeGreaterThan(0);
    await card.scrollIntoViewIfNeeded();
    await fitsThePhone(page, '检查姓名掩盖（有建议遮盖）');
    await shot('masking-proposed');
    await card.getByRole('button', { name: `打开遮盖编辑：${LETTER}` }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    const stage = dialog.getByRole('group', { name: `图片遮盖区域：${LETTER}` });
    await visible(stage);
    await expect.poll(() => stage.locator('.box').count(), WAIT).toBe(proposals);
    await settledBox(stage);
    await fitsThePhone(page, '遮盖编辑（有遮盖框）');
    await shot('mask-editor-boxes', false);
    // zoomed in, the page still fits: the stage scrolls inside the dialog, not the screen
    const zoom = dialog.getByRole('toolbar', { name: '缩放' });
    const view = dialog.locator('.stage-wrap');
    const confirmYes = dialog.getByRole('button', { name: '确认遮盖（是）' });
    const viewBefore = (await settledBox(view)).height;
    const before = (await settledBox(stage)).width;
    expect((await settledBox(confirmYes)).y + (await confirmYes.boundingBox())!.height).toBeLessThanOrEqual(844);
    await zoom.getByRole('button', { name: '放大' }).click();
    await zoom.getByRole('button', { name: '放大' }).click();
    await expect.poll(async () => (await stage.boundingBox())!.width, WAIT).toBeGreaterThan(before * 1.3);
    await settledBox(stage);
    // the view keeps its height, so the buttons stay on the screen
    expect((await settledBox(view)).height).toBeCloseTo(viewBefore, 0);
    const yes = await settledBox(confirmYes);
    expect(yes.y + yes.height).toBeLessThanOrEqual(844);
    await fitsThePhone(page, '遮盖编辑（放大后）');
    await shot('mask-editor-zoomed', false);
    // the proposals are taken on the phone: the page burns them and shows the masked image
    await dialog.getByRole('button', { name: '确认遮盖（是）' }).click();
    await closed(page.getByRole('dialog', { name: /遮盖编辑/ }));
    await expect.poll(() => card.getByTestId('mask-status').innerText(), { timeout: 60_000, interval: 300 }).toBe('已遮盖');
    await fitsThePhone(page, '检查姓名掩盖（已遮盖）');
    await shot('masking-masked');
  }, 150_000);

  step('submits on the phone', async () => {
    const items = (await (await page.request.get(`${baseURL}/api/applicant/applications/${applicationId}/masking`)).json()).items as Array<{ id: number; originalName: string }>;
    // the rest have nothing to mask (the 承诺书 was masked on the phone above)
    for (const a of items.filter((i) => i.originalName !== LETTER)) {
      const res = await page.request.put(`${baseURL}/api/applicant/applications/${applicationId}/attachments/${a.id}/masking`, { data: { needsMasking: false } });
      expect(res.status()).toBe(200);
    }
    await page.goto(`${baseURL}/applicant/applications/${applicationId}`);
    // the checklist is folded with the section list on a phone
    await page.getByRole('button', { name: '切换栏目' }).click();
    await visible(page.getByRole('region', { name: '完整性检查' }).getByText('材料已填写完整，可以提交。'));
    await page.getByRole('button', { name: '切换栏目' }).click();
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '提交申报' });
    await visible(confirm);
    await fitsThePhone(page, '提交确认');
    await shot('submit-confirm', false);
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await hasText(page.getByTestId('status'), '已提交，待推荐单位审核');
    await fitsThePhone(page, '已提交');
    await shot('submitted');
    await page.getByRole('tab', { name: '时间线' }).click();
    await visible(page.getByLabel('办理时间线').getByText('提交申报'));
    await fitsThePhone(page, '时间线');
    await shot('timeline');
  });

  step('opens 修改密码 from the drawer, fitting the screen', async () => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog', { name: '功能菜单' }).getByRole('menuitem', { name: '修改密码' }).click();
    await visible(page.getByLabel('当前密码', { exact: true }));
    await closed(page.getByRole('dialog', { name: '功能菜单' }));
    await fitsThePhone(page, '修改密码');
    await shot('password');
    await page.goBack();
    await visible(page.getByRole('button', { name: '打开菜单' }));
  });

  step('lists the declaration on 我的主页 as a card whose status is on screen', async () => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog', { name: '功能菜单' }).getByRole('menuitem', { name: '我的主页' }).click();
    const item = page.getByRole('list', { name: '我的申报列表' }).getByRole('listitem').first();
    await visible(item.getByText('已提交，待推荐单位审核', { exact: true }));
    await closed(page.getByRole('dialog', { name: '功能菜单' }));
    const box = (await item.getByText('已提交，待推荐单位审核', { exact: true }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await fitsThePhone(page, '我的主页（有申报）');
    await shot('home-filled');
    await item.getByRole('button', { name: '打开申请书' }).click();
    await page.waitForURL(/\/applicant\/applications\/\d+$/);
  });

  step('signs out from the drawer; the whole journey left no error in the console', async () => {
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('dialog', { name: '功能菜单' }).getByRole('menuitem', { name: '退出' }).click();
    await page.locator('.el-message-box').filter({ visible: true }).getByRole('button', { name: '退出', exact: true }).click();
    await page.waitForURL('**/login');
    // a signed-out reload asks who is signed in once more
    await page.reload();
    await visible(page.getByRole('button', { name: '登录', exact: true }));
    consoleWatch.assertNone('手机端申报全程');
  });
});
