// TEMPORARY smoke run of the other review pages (fees, integrity, entrustment) for screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeJpeg } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
const BAD = validIdNumber('654002', '19800101', 555);
import { DEMO_PASSWORD, filesAtCommittee, login, setClock, stageVersion } from './support/api-helpers';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');
let context: BrowserContext;
let page: Page;
let dir: string;
const shots = process.env.ZHIPING_E2E_SHOTS ?? '/tmp';
const snap = (n: string) => page.screenshot({ path: path.join(shots, `pages-${n}.png`), fullPage: true });
async function loginAs(u: string) {
  await context.clearCookies();
  await page.goto(`${baseURL}/login`);
  await page.getByLabel('身份证号或账号').fill(u);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((x) => !x.pathname.startsWith('/login'));
}
const box = async (btn: string) => page.locator('.el-message-box').filter({ visible: true }).getByRole('button', { name: btn, exact: true }).click();

beforeAll(async () => {
  const [f] = await filesAtCommittee(baseURL, clockFile, [{ name: '测试甲', seq: 455 }], { startAt: '2026-06-01T02:00:00Z', recommendAt: '2026-06-09T02:00:00Z' });
  const c = await login(baseURL, 'committee');
  await c.post(`/api/committee/applications/${f!.id}/accept`, { version: await stageVersion(c, 'committee', f!.id) });
  setClock(clockFile, '2026-06-10T02:00:00Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zp-'));
  fs.writeFileSync(path.join(dir, 'r.jpg'), await makeJpeg());
  context = await chromium.launchPersistentContext(path.join(dir, 'p'), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', args: ['--no-sandbox'] });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0]!;
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
});
afterAll(async () => {
  await context?.close();
  fs.rmSync(clockFile, { force: true });
});

describe('pages', () => {
  it('unit list and fees', async () => {
    await loginAs('unitlead');
    await page.waitForTimeout(800);
    await snap('unit-list');
    await page.goto(`${baseURL}/unit/fees`);
    await page.locator('.el-table__row .el-checkbox').first().click();
    await page.getByLabel('缴费金额').fill('300');
    await page.getByLabel('缴款人').fill('张伟');
    const t = page.getByLabel('缴费时间');
    await t.click();
    await t.fill('2026-06-10 09:00:00');
    await t.press('Enter');
    await page.getByLabel('选择缴费凭证文件').setInputFiles(path.join(dir, 'r.jpg'));
    await page.getByRole('button', { name: '登记缴费' }).click();
    await page.getByText('待确认').first().waitFor();
    await snap('unit-fees');
  });
  it('committee fees and entrustments', async () => {
    await loginAs('committee');
    await page.goto(`${baseURL}/committee/fees`);
    await page.waitForTimeout(800);
    await snap('committee-fees');
    await page.goto(`${baseURL}/committee/entrustments`);
    await page.getByRole('button', { name: '提出申请' }).click();
    await page.locator('.el-dialog .el-select__wrapper').first().click();
    await page.getByRole('option').filter({ visible: true }).first().click();
    await page.getByLabel('受托（联合）评审机构', { exact: true }).fill('乌鲁木齐市卫生系列中级职称评审委员会');
    await page.getByLabel('申请理由', { exact: true }).fill('本机构该专业评审专家不足5人');
    await snap('committee-entrust-form');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('待审批').first().waitFor();
    await snap('committee-entrustments');
  });
  it('finance and bureau', async () => {
    await loginAs('finance');
    await page.goto(`${baseURL}/bureau/fees`);
    await page.getByRole('button', { name: '确认收款' }).first().click();
    await box('确认');
    await page.getByText('已确认').first().waitFor();
    await snap('finance-fees');
    await loginAs('bureau');
    await page.goto(`${baseURL}/bureau/integrity`);
    await page.getByRole('button', { name: '记入诚信档案' }).click();
    await page.getByLabel('身份证号', { exact: true }).fill(BAD);
    await page.getByLabel('失信行为', { exact: true }).fill('伪造论文发表证明');
    const d = page.getByLabel('处理决定日期', { exact: true });
    await d.click();
    await d.fill('2026-06-05');
    await d.press('Enter');
    await page.getByLabel('处理决定文号', { exact: true }).fill('伊州人社发〔2026〕12号');
    await page.locator('.el-dialog__title').filter({ hasText: '记入诚信档案' }).click();
    await page.getByRole('button', { name: '记入', exact: true }).click();
    await page.waitForTimeout(1000);
    await snap('bureau-integrity-dialog');
    await page.locator('.el-message-box').filter({ visible: true }).waitFor();
    await snap('bureau-integrity-recorded');
    await box('知道了');
    await page.getByLabel('查询身份证号').fill(BAD);
    await page.getByRole('button', { name: '查询禁报' }).click();
    await page.waitForTimeout(800);
    await snap('bureau-integrity');
    await page.goto(`${baseURL}/bureau/entrustments`);
    await page.getByRole('button', { name: '批准' }).first().click();
    await page.locator('.el-message-box input').fill('伊州人社函〔2026〕8号');
    await box('批准');
    await page.getByText('已批准').first().waitFor();
    await snap('bureau-entrustments');
    expect(1).toBe(1);
  });
});
