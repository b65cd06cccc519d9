// Issue 12 in the browser: a phone photo of a 年度考核表 (sheet on a desk, keystone, roll, light
// falling off, JPEG ~80) uploaded to A11 gets proposals that cover the applicant's long Kazakh name
// and every occurrence of the unit, as the generator drew them; the masking page shows them and the
// editor opens on them. The real ONNX pipeline (rectify → detect) runs in the server's job runner.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { generatePage, type CorpusPage } from '../../bench/corpus/generate';
import { validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
import { WAIT, journey, openBrowser, screenshots, settledBox, visible, type Browser } from './support/browser';
import { APPLICANT_PASSWORD, ApiSession, registerAndLogin } from './support/api-flow';

const baseURL = inject('baseURL');
const UNIT = '伊犁哈萨克自治州人民医院';

let browser: Browser;
let page: Page;
let photo: CorpusPage;
const api = new ApiSession(baseURL);

beforeAll(async () => {
  // seed 5: a phone photo of a form whose person is 叶尔兰·努尔哈力·吐尔逊 of 伊犁哈萨克自治州人民医院
  photo = await generatePage({ seed: 5, layout: 'form', dpi: 200, capture: 'phone', variety: true });
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

const snap = screenshots(() => page, 'masking-phone-photo');

interface Box {
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Share of `target` covered by the union of `boxes`, on a grid of sample points. */
function covered(target: Box, boxes: Box[]): number {
  let inside = 0;
  let all = 0;
  for (let i = 0; i < 24; i++) {
    for (let j = 0; j < 6; j++) {
      const x = target.x + ((i + 0.5) / 24) * target.w;
      const y = target.y + ((j + 0.5) / 6) * target.h;
      all++;
      if (boxes.some((b) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h)) inside++;
    }
  }
  return inside / all;
}

describe('issue 12 in the browser: a phone photo uploaded to A11', () => {
  const step = journey(snap);
  let appId = 0;
  let attachmentId = 0;

  step('gets proposals that cover the name and every occurrence of the unit', async () => {
    expect(photo.capture).toBe('phone');
    expect(photo.targets.units[0]).toBe(UNIT);
    const name = photo.targets.names[0]!;
    const idNumber = validIdNumber('654002', '19850917', 501 + Math.floor(Math.random() * 200) * 2); // odd: 男
    await registerAndLogin(api, { idNumber, name, mobile: '13999120002', password: APPLICANT_PASSWORD });
    const cat = await api.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === UNIT);
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    appId = (await api.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id })).id;
    const version: number = (await api.get(`/api/applicant/applications/${appId}`)).application.version;
    const sections = validSections({ name, idNumber, birthDate: '1985-09-17', sex: '男' });
    await api.put(`/api/applicant/applications/${appId}/sections/A11`, { version, data: sections.A11 });
    attachmentId = (
      await api.upload<{ id: number }>(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A11', rowId: 'A11-0', slot: 'form' }, { name: '考核表手机拍照.jpg', bytes: photo.jpeg })
    ).id;
    let proposals: Box[] = [];
    await expect
      .poll(
        async () => {
          const item = (await api.get(`/api/applicant/applications/${appId}/masking`)).items.find((i: { id: number }) => i.id === attachmentId);
          proposals = item?.proposals ?? [];
          return item?.maskStatus;
        },
        { timeout: 150_000, interval: 500 },
      )
      .toBe('proposed');
    const wanted = photo.gt.filter((g) => g.kind === 'name' || g.kind === 'unit');
    expect(wanted.length).toBeGreaterThanOrEqual(3);
    for (const g of wanted) {
      const share = covered(g, proposals.filter((p) => p.kind === g.kind || p.kind === 'seal'));
      expect(share, `${g.kind} at ${Math.round(g.x)},${Math.round(g.y)} ${Math.round(g.w)}×${Math.round(g.h)}: ${JSON.stringify(proposals)}`).toBeGreaterThanOrEqual(0.95);
    }
    // the boxes are of a name or unit, not the whole sheet
    for (const p of proposals.filter((x) => x.kind === 'name' || x.kind === 'unit')) expect(p.w * p.h).toBeLessThan(photo.width * photo.height * 0.05);
  }, 200_000);

  step('shows the proposals on the masking page and in the editor', async () => {
    const cookie = api.cookie.split('=');
    await browser.context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: baseURL }]);
    await page.goto(`${baseURL}/applicant/applications/${appId}/masking`);
    const card = page.getByRole('group', { name: '附件：考核表手机拍照.jpg', exact: true });
    await visible(card);
    await card.getByRole('button', { name: '打开遮盖编辑：考核表手机拍照.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /遮盖编辑/ });
    const stage = dialog.getByRole('group', { name: '图片遮盖区域：考核表手机拍照.jpg' });
    await settledBox(stage);
    await expect.poll(() => stage.locator('[data-kind="name"], [data-kind="unit"]').count(), WAIT).toBeGreaterThanOrEqual(3);
    await snap('editor');
    await dialog.getByRole('button', { name: '取消' }).click();
  });
});
