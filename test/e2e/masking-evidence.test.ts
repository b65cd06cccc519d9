// Issue 12 in the browser (items 4 and 5): a page uploaded sideways is shown upright with
// 「图片方向不正，已为您旋转」, A5 evidence issued by the applicant's own unit is flagged, and the
// same certificate uploaded to A13 after A10 is refused with a message naming 获奖情况. The real
// ONNX pipeline runs in the server's job runner. (The phone-photo part of issue 12's browser test
// waits for the rectifying engine.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
import { WAIT, gone, journey, openBrowser, screenshots, settledBox, visible, type Browser } from './support/browser';
import { APPLICANT_PASSWORD, ApiSession, registerAndLogin } from './support/api-flow';

const baseURL = inject('baseURL');
const NAME = '孙海燕';
const UNIT = '伊犁哈萨克自治州人民医院';
const ID_NUMBER = validIdNumber('654002', '19860521', 100 + Math.floor(Math.random() * 400) * 2); // even: 女

let browser: Browser;
let page: Page;
const api = new ApiSession(baseURL);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-evidence-'));

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const snap = screenshots(() => page, 'masking-evidence');

const svgJpeg = (svg: string) => sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();

/** A training certificate, upright 1240×1000; uploaded turned a quarter (text running bottom to top). */
async function sidewaysPage(): Promise<Buffer> {
  const upright = await svgJpeg(`<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1000"><rect width="100%" height="100%" fill="white"/>
  <text x="100" y="150" font-size="44" font-family="Noto Serif CJK SC">继续教育培训合格证书</text>
  <text x="100" y="300" font-size="34" font-family="Noto Sans CJK SC">学员：${NAME}，已完成2025年度专业科目培训</text>
  <text x="100" y="400" font-size="34" font-family="Noto Sans CJK SC">学时：90学时，考核合格，特发此证。</text></svg>`);
  return sharp(upright).rotate(-90).jpeg({ quality: 90 }).toBuffer();
}

/** A certificate of work done, issued by the applicant's own hospital: its name heads the page and signs it under a seal. */
async function ownUnitProof(): Promise<Buffer> {
  return svgJpeg(`<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="100%" height="100%" fill="white"/>
  <text x="300" y="180" font-size="52" font-family="Noto Serif CJK SC">${UNIT}</text>
  <text x="520" y="300" font-size="44" font-family="Noto Sans CJK SC">证　明</text>
  <text x="120" y="450" font-size="34" font-family="Noto Sans CJK SC">兹证明我院医师牵头完成急性胸痛快速救治流程改进，</text>
  <text x="120" y="510" font-size="34" font-family="Noto Sans CJK SC">平均救治时间缩短30分钟，特此证明。</text>
  <text x="640" y="1300" font-size="34" font-family="Noto Sans CJK SC">${UNIT}</text>
  <text x="760" y="1370" font-size="34" font-family="Noto Sans CJK SC">2024年12月30日</text>
  <circle cx="880" cy="1300" r="120" fill="none" stroke="#e0201c" stroke-width="9"/>
  <polygon points="880,1235 897,1285 950,1285 907,1315 923,1365 880,1335 837,1365 853,1315 810,1285 863,1285" fill="#e0201c"/></svg>`);
}

/** An award certificate. */
async function award(): Promise<Buffer> {
  return svgJpeg(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="850"><rect width="100%" height="100%" fill="#fffaf0"/>
  <rect x="40" y="40" width="1120" height="770" fill="none" stroke="#b8860b" stroke-width="12"/>
  <text x="430" y="200" font-size="72" font-family="Noto Serif CJK SC" fill="#b22222">荣誉证书</text>
  <text x="150" y="360" font-size="40" font-family="Noto Sans CJK SC">同志：</text>
  <text x="150" y="450" font-size="40" font-family="Noto Sans CJK SC">在2024年度工作中成绩突出，荣获“优秀医师”称号。</text></svg>`);
}

interface Item {
  id: number;
  originalName: string;
  maskStatus: string;
  rotatedBy: number;
  width: number;
  height: number;
}

describe('issue 12 in the browser: orientation notice, own-unit evidence, duplicate A10/A13', () => {
  const step = journey(snap);
  let appId = 0;
  const ids = { sideways: 0, proof: 0 };
  const awardFile = path.join(tmp, '获奖证书.jpg');

  step('prepares an applicant with a sideways page, an own-unit proof in A5 and an award in A10', async () => {
    await registerAndLogin(api, { idNumber: ID_NUMBER, name: NAME, mobile: '13999120001', password: APPLICANT_PASSWORD });
    const cat = await api.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === UNIT);
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    appId = (await api.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id })).id;
    let version: number = (await api.get(`/api/applicant/applications/${appId}`)).application.version;
    const sections = validSections({ name: NAME, idNumber: ID_NUMBER, birthDate: '1986-05-21', sex: '女' });
    sections.A10 = { fields: {}, rows: [{ rowId: 'award-1', name: '优秀医师', level: '州级', grantor: '州卫生健康委员会', awardedOn: '2024-12', rank: '独立' }] };
    for (const [code, data] of Object.entries(sections)) {
      version = (await api.put(`/api/applicant/applications/${appId}/sections/${code}`, { version, data })).version;
    }
    const up = (fields: Record<string, string>, name: string, bytes: Buffer) => api.upload<{ id: number }>(`/api/applicant/applications/${appId}/attachments`, fields, { name, bytes });
    ids.sideways = (await up({ sectionCode: 'A13', slot: 'other' }, '横放的证书.jpg', await sidewaysPage())).id;
    ids.proof = (await up({ sectionCode: 'A5', rowId: 'A5-0', slot: 'evidence' }, '本院证明.jpg', await ownUnitProof())).id;
    fs.writeFileSync(awardFile, await award());
    await up({ sectionCode: 'A10', rowId: 'award-1', slot: 'certificate' }, '获奖证书.jpg', fs.readFileSync(awardFile));
    await expect
      .poll(
        async () => {
          const items: Item[] = (await api.get(`/api/applicant/applications/${appId}/masking`)).items;
          return [ids.sideways, ids.proof].map((id) => items.find((i) => i.id === id)?.maskStatus).join(',');
        },
        { timeout: 90_000, interval: 500 },
      )
      .toBe('proposed,proposed');
    const cookie = api.cookie.split('=');
    await browser.context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: baseURL }]);
  }, 120_000);

  step('shows the sideways page upright, with 「图片方向不正，已为您旋转」', async () => {
    await page.goto(`${baseURL}/applicant/applications/${appId}/masking`);
    const card = page.getByRole('group', { name: '附件：横放的证书.jpg', exact: true });
    await visible(card.getByText('图片方向不正，已为您旋转'));
    await card.getByRole('button', { name: '打开遮盖编辑：横放的证书.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    await visible(dialog.getByText(/图片方向不正，已为您旋转/));
    const stage = dialog.getByRole('group', { name: '图片遮盖区域：横放的证书.jpg' });
    const box = await settledBox(stage);
    // Uploaded 1000×1240 (portrait, sideways); shown 1240×1000, as the certificate reads.
    expect(box.width).toBeGreaterThan(box.height);
    const img = stage.getByRole('img');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth > el.naturalHeight && el.complete), WAIT).toBe(true);
    await snap('rotated');
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  step('flags the A5 proof its own hospital issued: 本单位出具的证明不能作为业绩佐证材料', async () => {
    await page.goto(`${baseURL}/applicant/applications/${appId}`);
    const checklist = page.getByRole('region', { name: '完整性检查' });
    await expect.poll(() => checklist.innerText(), WAIT).toContain('本单位出具的证明不能作为业绩佐证材料');
    await expect.poll(() => checklist.innerText(), WAIT).toContain('本院证明.jpg');
    await gone(page.locator('.el-loading-mask'));
    await checklist.getByText(/本单位出具的证明不能作为业绩佐证材料/).scrollIntoViewIfNeeded();
    await snap('own-unit');
  });

  step('refuses the A10 award certificate uploaded again to A13, naming 获奖情况', async () => {
    await page.getByRole('menuitem', { name: /其他附件或证明材料/ }).click();
    const slot = page.getByRole('group', { name: '其他证明材料', exact: true });
    await slot.getByLabel('选择其他证明材料文件').setInputFiles(awardFile);
    await visible(page.getByText(/已作为“获奖情况”（A10）的附件/).first());
    await snap('duplicate');
    // Nothing was added to A13 beyond the sideways page.
    const items: Item[] = (await api.get(`/api/applicant/applications/${appId}/masking`)).items;
    expect(items.filter((i) => i.originalName.includes('获奖证书')).length).toBe(1);
  });

  step('the box editor works at 390×844 by touch: the zoom bar fits, two fingers zoom (issue 11)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${baseURL}/applicant/applications/${appId}/masking`);
      await page.getByRole('group', { name: '附件：横放的证书.jpg', exact: true }).getByRole('button', { name: '打开遮盖编辑：横放的证书.jpg' }).click();
      const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
      const stage = dialog.getByRole('group', { name: '图片遮盖区域：横放的证书.jpg' });
      const fit = (await settledBox(stage)).width;
      expect(fit).toBeLessThanOrEqual(390);
      const bar = dialog.getByRole('toolbar', { name: '缩放' });
      for (const name of ['缩小', '放大', '适合宽度', '整页', '原始大小']) {
        const b = (await bar.getByRole('button', { name }).boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(390);
      }
      const view = (await stage.locator('xpath=..').boundingBox())!;
      const cx = view.x + view.width / 2;
      const cy = view.y + Math.min(view.height / 2, 150);
      const cdp = await browser.context.newCDPSession(page);
      const fingers = (d: number) => [
        { x: cx - d, y: cy, id: 1 },
        { x: cx + d, y: cy, id: 2 },
      ];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
      for (let d = 30; d <= 90; d += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach();
      await expect.poll(async () => (await stage.boundingBox())!.width, WAIT).toBeGreaterThan(fit * 2.5);
      await snap('phone-editor');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
