// A real installation from nothing (issue 10, "Done when"): an EMPTY production database (no demo
// world, fresh data folder, its own server process), the first administrator created with the
// command line, the forced password change at the first login, the Excel templates downloaded from
// 系统管理 › 批量导入, filled and imported (organisations, accounts, experts; a bad file refused by
// row and column, a re-import changing nothing), and a file that then runs unit → competent →
// committee with the imported accounts only; then a unit leader's reviewer account, and a unit with
// a file refused deletion and deactivated. The bureau installs in December 2025, so the reference
// data opens 2025; before the first file the administrator opens the 2026 review year on 评审年度
// with its fee deadline (R3), the file is filed in March 2026 into that year, accepted, and left
// unpaid: the day before the deadline the applicant is reminded, the day after it the year_deadline
// job abandons the file (自动放弃) and the applicant reads why in 消息. Steps form one journey:
// `file` is the filed file, the clock file moves with the story, and `staff(username)` signs in any
// imported account (STAFF_PASSWORD).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { makeJpeg } from '../support/declaration-fixture';
import { ApiSession, PUBLICITY_BODY, setClock, stageVersion, statusOf, submitDeclaration, type PreparedFile } from './support/api-flow';
import { closed, confirmBox, hasText, hasValue, journey, loginAs, openBrowser, screenshots, visible, type Browser } from './support/browser';

const root = path.resolve(import.meta.dirname, '..', '..');
// Monday 2025-12-15 10:00 Shanghai: the installation, before the 2026 review year is opened
const INSTALL = '2025-12-15T02:00:00Z';
// Monday 2026-03-02 10:00 Shanghai: the unit's 5-working-day publicity ends 2026-03-06 (Friday)
const START = '2026-03-02T02:00:00Z';
const AFTER_PUBLICITY = '2026-03-10T02:00:00Z';
// R3: the fee deadline the administrator sets for 2026 (a Friday); reminded on Thursday 09:00,
// acted upon from the first instant of Saturday (Shanghai)
const FEE_DEADLINE = '2026-03-20';
const BEFORE_FEE_DEADLINE = '2026-03-19T02:00:00Z';
const AFTER_FEE_DEADLINE = '2026-03-21T02:00:00Z';
const ADMIN_PASSWORD = 'Yili#Guozigou2026';
const STAFF_PASSWORD = 'Yili#Staff2026';

let dataDir = '';
let clockFile = '';
let baseURL = '';
let server: ChildProcess | null = null;
let serverLog = '';
let browser: Browser;
let page: Page;
let adminOneTime = '';
/** One-time passwords of the imported accounts, as the import page showed them. */
const oneTime = new Map<string, string>();
const templates: Partial<Record<'organisations' | 'users' | 'experts', string>> = {};
let file: PreparedFile;

const snap = screenshots(() => page, 'first-installation');
const env = () => ({ ...process.env, ZHIPING_DATA_DIR: dataDir, ZHIPING_CLOCK_FILE: clockFile, DATABASE_URL: '', ZHIPING_DEMO: '0' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startServer(): Promise<void> {
  const port = await freePort();
  server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...env(), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => (serverLog += d));
  server.stderr?.on('data', (d) => (serverLog += d));
  baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${serverLog}`);
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Signs in with a one-time password and chooses a real one, as the first login asks. */
async function firstLogin(username: string, password: string): Promise<ApiSession> {
  const s = new ApiSession(baseURL);
  await s.post('/api/auth/login', { username, password });
  await s.post('/api/auth/password', { currentPassword: password, newPassword: STAFF_PASSWORD });
  const fresh = new ApiSession(baseURL);
  await fresh.post('/api/auth/login', { username, password: STAFF_PASSWORD });
  return fresh;
}

async function staff(username: string): Promise<ApiSession> {
  const s = new ApiSession(baseURL);
  await s.post('/api/auth/login', { username, password: STAFF_PASSWORD });
  return s;
}

/** The downloaded template with the rows added, saved next to it. */
async function fill(kind: keyof typeof templates, rows: string[][], name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(templates[kind]!);
  for (const r of rows) wb.worksheets[0].addRow(r);
  const out = path.join(dataDir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

async function importOnPage(title: string, filePath: string) {
  await page.getByLabel(`选择${title}文件`).setInputFiles(filePath);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-install-'));
  clockFile = path.join(dataDir, 'clock.txt');
  setClock(clockFile, INSTALL);
  browser = await openBrowser({ timezoneId: 'Asia/Shanghai', downloads: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a real installation from an empty production database', () => {
  const it = journey(snap);

  it('creates the first administrator with the command line (npx zhiping admin create)', async () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/zhiping.mjs'), 'admin', 'create', 'admin', '--name', '周斌'], { cwd: root, env: env(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    adminOneTime = /一次性密码：(\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(adminOneTime).toMatch(/^\S{12}$/);
  });

  it('starts the server on that database: no demo accounts, nothing but the reference data', async () => {
    await startServer();
    const demo = await (await fetch(`${baseURL}/api/auth/demo`)).json();
    expect(demo).toMatchObject({ demo: false, accounts: [] });
    const s = new ApiSession(baseURL);
    await expect(s.post('/api/auth/login', { username: 'bureau', password: 'Zhiping@2026' })).rejects.toThrow(/401/);
  });

  it('the administrator signs in and must first change the one-time password', async () => {
    await loginAs(page, baseURL, 'admin', adminOneTime);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/password');
    await page.getByLabel('当前密码').fill(adminOneTime);
    await page.getByLabel('新密码', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('确认新密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '修改密码', exact: true }).click();
    await page.waitForURL((u) => u.pathname !== '/password');
    await loginAs(page, baseURL, 'admin', ADMIN_PASSWORD);
    await snap('signed-in');
  });

  it('downloads the three templates from 系统管理 › 批量导入', async () => {
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await visible(page.getByRole('heading', { name: '批量导入' }));
    for (const [kind, title] of [['organisations', '单位'], ['users', '人员账号'], ['experts', '评审专家']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `下载${title}模板` }).click()]);
      const to = path.join(dataDir, `${kind}-template.xlsx`);
      await download.saveAs(to);
      templates[kind] = to;
      expect(download.suggestedFilename()).toBe(`${title}导入模板.xlsx`);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(templates.organisations!);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '单位编码', '单位全称', '类别', '上级单位编码', '简称/别名']);
  });

  it('refuses a bad organisation file by row and column and imports nothing', async () => {
    const bad = await fill('organisations', [
      ['health', '伊犁哈萨克自治州卫生健康委员会', '主管单位', 'bureau', '州卫健委'],
      ['hosp', '伊犁哈萨克自治州人民医院', '推荐单位', 'bureau', '州人民医院'],
    ], 'organisations-bad.xlsx');
    await importOnPage('单位', bad);
    const errors = page.locator('[aria-label="导入错误"]');
    await hasText(errors, '第3行D列“上级单位编码”：推荐单位不能设在州人社局之下，只能设在主管单位或县人社局之下');
    await snap('import-errors');
  });

  it('imports organisations, accounts and experts; importing the same file again changes nothing', async () => {
    const orgs = await fill('organisations', [
      ['health', '伊犁哈萨克自治州卫生健康委员会', '主管单位', 'bureau', '州卫健委'],
      ['hosp', '伊犁哈萨克自治州人民医院', '推荐单位', 'health', '州人民医院、州医院'],
      ['yining', '伊宁县人力资源和社会保障局', '县人社局', 'bureau', '伊宁县人社局'],
      ['talent', '伊犁哈萨克自治州人才交流服务中心', '人事代理机构', 'bureau', '州人才中心'],
    ], 'organisations.xlsx');
    const result = page.locator('[aria-label="导入结果"]');
    await importOnPage('单位', orgs);
    await hasText(result, '单位导入完成：共4行，新建4，更新0，无变化0');
    await importOnPage('单位', orgs);
    await hasText(result, '单位导入完成：共4行，新建0，更新0，无变化4');

    const users = await fill('users', [
      ['yl-unit', '李红', '13999120011', '推荐单位审核员', 'hosp'],
      ['yl-lead', '张伟', '', '推荐单位负责人', 'hosp'],
      ['yl-competent', '王强', '', '主管单位审核员', 'health'],
      ['yl-office', '赵敏', '', '评审委员会办事机构', 'cmt-health'],
      ['yl-finance', '孙静', '', '人社局财务', 'bureau'],
    ], 'users.xlsx');
    await importOnPage('人员账号', users);
    await hasText(result, '人员账号导入完成：共5行，新建5');
    const rows = page.locator('[aria-label="新账号一次性密码"] .el-table__body tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    for (const tr of await rows.all()) {
      const cells = await tr.locator('td').allInnerTexts();
      oneTime.set(cells[0].trim(), cells[2].trim());
    }
    expect([...oneTime.keys()]).toEqual(['yl-unit', 'yl-lead', 'yl-competent', 'yl-office', 'yl-finance']);
    await snap('imported-users');

    const experts = await fill('experts', [
      ['yl-exp1', '专家甲', '', 'cmt-health', '临床医学、护理', 'talent', ''],
      ['yl-exp2', '专家乙', '', 'cmt-health', '临床医学', '', '伊犁哈萨克自治州人民医院'],
      ['yl-exp3', '专家丙', '', 'cmt-health', '药学', '', ''],
    ], 'experts.xlsx');
    await importOnPage('评审专家', experts);
    await hasText(result, '评审专家导入完成：共3行，新建3');
    await importOnPage('评审专家', experts);
    await hasText(result, '评审专家导入完成：共3行，新建0，更新0，无变化3');
  });

  it('shows the imported tree, accounts and expert pool on their pages', async () => {
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    await hasText(page.locator('[aria-label="组织机构"]'), '伊犁哈萨克自治州人民医院');
    await page.getByRole('menuitem', { name: '专家库' }).click();
    await hasText(page.locator('[aria-label="专家库"]'), '伊犁哈萨克自治州人民医院');
    await page.getByRole('menuitem', { name: '用户与权限' }).click();
    await hasText(page.locator('[aria-label="人员账号"]'), '评审委员会办事机构（伊犁哈萨克自治州卫生系列中级职称评审委员会）');
    await snap('users-page');
  });

  it('opens the 2026 review year on 评审年度 with a fee deadline, before any file', async () => {
    await page.getByRole('menuitem', { name: '评审年度' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/years');
    const list = page.getByLabel('评审年度列表');
    // the reference data opened the year of the installation
    await hasText(list.getByRole('row').filter({ hasText: '2025年度' }), '受理申报');
    await page.getByRole('button', { name: '开启新年度' }).click();
    await confirmBox(page, '开启', '开启2026年度');
    const dialog = page.getByRole('dialog', { name: '2026年度评审政策' });
    await hasValue(dialog.getByLabel('年度考核年份', { exact: true }), '2023，2024，2025');
    const fee = dialog.getByLabel('评审费缴纳截止日期', { exact: true });
    await fee.click();
    await fee.fill(FEE_DEADLINE);
    await fee.press('Enter');
    await hasValue(fee, FEE_DEADLINE);
    // Escape would close the dialog too: a click on its title closes the picker
    await dialog.locator('.el-dialog__title').click();
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await hasText(page.locator('.el-message--success'), '2026年度评审政策已保存');
    await closed(dialog);
    await hasText(list.getByRole('row').filter({ hasText: '2026年度' }), FEE_DEADLINE);
    const admin = new ApiSession(baseURL);
    await admin.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const saved = (await admin.get('/api/admin/years')).items.find((y: { year: number }) => y.year === 2026);
    expect(saved).toMatchObject({ isOpen: true, fileCount: 0, settings: { fee_deadline: FEE_DEADLINE } });
    await snap('year-2026-opened');
  });

  it('an applicant files with the imported unit into 2026; it runs unit → competent → committee with the imported accounts', async () => {
    setClock(clockFile, START);
    file = await submitDeclaration(baseURL, { name: '阿依古丽·吐尔逊', seq: 431 }, '19860514');
    const unit = await firstLogin('yl-unit', oneTime.get('yl-unit')!);
    await unit.post(`/api/unit/applications/${file.id}/publicity`, { version: await stageVersion(unit, 'unit', file.id), ...PUBLICITY_BODY });
    await firstLogin('yl-competent', oneTime.get('yl-competent')!);
    await firstLogin('yl-office', oneTime.get('yl-office')!);
    await firstLogin('yl-finance', oneTime.get('yl-finance')!);
    // past the publicity; sign in again at the new time
    setClock(clockFile, AFTER_PUBLICITY);
    const unit2 = await staff('yl-unit');
    // U3: the stamped 附件2 and 附件3 (required by the year's policy) before recommending
    for (const kind of ['publicity_notice', 'publicity_result']) {
      await unit2.upload(`/api/unit/applications/${file.id}/documents`, { kind }, { name: `${kind}盖章.jpg`, bytes: await makeJpeg() });
    }
    await unit2.post(`/api/unit/applications/${file.id}/recommend`, { version: await stageVersion(unit2, 'unit', file.id) });
    const competent = await staff('yl-competent');
    await competent.upload(`/api/competent/applications/${file.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await makeJpeg() });
    await competent.post(`/api/competent/applications/${file.id}/recommend`, { version: await stageVersion(competent, 'competent', file.id), opinion: '经审核，同意推荐。' });
    const office = await staff('yl-office');
    expect(await statusOf(office, 'committee', file.id)).toBe('competent_recommended');
  });

  it('the committee office, imported, accepts the file in the browser', async () => {
    await loginAs(page, baseURL, 'yl-office', STAFF_PASSWORD);
    await page.goto(`${baseURL}/committee/applications/${file.id}`);
    await page.getByRole('button', { name: '接收材料' }).click();
    await confirmBox(page, '接收');
    const office = await staff('yl-office');
    await expect.poll(() => statusOf(office, 'committee', file.id)).toBe('accepted');
    await snap('accepted');
  });

  it('the imported unit leader creates a reviewer account for the unit on 审核员账号', async () => {
    await firstLogin('yl-lead', oneTime.get('yl-lead')!);
    await loginAs(page, baseURL, 'yl-lead', STAFF_PASSWORD);
    await page.getByRole('menuitem', { name: '审核员账号' }).click();
    await hasText(page.locator('[aria-label="审核员账号"]'), 'yl-unit');
    await page.getByRole('button', { name: '新建审核员' }).click();
    const dialog = page.getByRole('dialog', { name: '新建审核员' });
    await dialog.getByLabel('用户名').fill('yl-unit2');
    await dialog.getByLabel('姓名').fill('古丽米拉');
    await dialog.getByRole('button', { name: '保存' }).click();
    const box = page.locator('.el-message-box').filter({ visible: true });
    const password = (await box.getByTestId('one-time-password').innerText()).trim();
    await confirmBox(page, '已记下');
    await hasText(page.locator('[aria-label="审核员账号"]'), 'yl-unit2');
    const reviewer = await firstLogin('yl-unit2', password);
    expect(await statusOf(reviewer, 'unit', file.id)).toBe('accepted');
  });

  it('a unit with a file is never deleted (the page says how many files); it is deactivated instead', async () => {
    await loginAs(page, baseURL, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    const row = page.locator('[aria-label="组织机构"] .el-table__body tr').filter({ hasText: '伊犁哈萨克自治州人民医院' });
    await row.getByRole('button', { name: '删除' }).click();
    await confirmBox(page, '删除');
    await visible(page.locator('.el-message').filter({ hasText: '“伊犁哈萨克自治州人民医院”已有1份申报材料，不能删除' }));
    await row.getByRole('button', { name: '停用' }).click();
    await confirmBox(page, '停用', '已有的1份材料不受影响');
    await hasText(row, '已停用');
    const catalog = await (await staff('yl-unit')).get('/api/catalog');
    expect(catalog.recommendingUnits.map((u: { name: string }) => u.name)).not.toContain('伊犁哈萨克自治州人民医院');
    await snap('deactivated');
    // active again, so the steps appended after this one find the unit as the year goes on
    await row.getByRole('button', { name: '启用' }).click();
    await confirmBox(page, '启用');
    await expect.poll(() => row.innerText()).not.toContain('已停用');
  });

  it('the day before the fee deadline the applicant of the unpaid file is reminded', async () => {
    setClock(clockFile, BEFORE_FEE_DEADLINE);
    const applicant = new ApiSession(baseURL);
    await applicant.post('/api/auth/login', { username: file.idNumber, password: file.password });
    await expect
      .poll(async () => (await applicant.get('/api/notifications')).items.map((n: { text: string }) => n.text).join('\n'), { timeout: 60_000, interval: 250 })
      .toContain('评审费缴纳将于2026年3月20日截止，您的材料尚未缴费');
  });

  it('the fee deadline passes unpaid: the year_deadline job abandons the file (自动放弃) by itself', async () => {
    // still accepted the evening before (the job may run the moment the clock passes the deadline)
    expect(await statusOf(await staff('yl-office'), 'committee', file.id)).toBe('accepted');
    setClock(clockFile, AFTER_FEE_DEADLINE);
    // sessions end after 30 idle minutes: sign in at the new time
    const office = await staff('yl-office');
    await expect.poll(() => statusOf(office, 'committee', file.id), { timeout: 60_000, interval: 250 }).toBe('abandoned');
  });

  it('the applicant reads why in 消息 and sees 自动放弃 on the file', async () => {
    await loginAs(page, baseURL, file.idNumber, file.password);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^消息（[1-9]\d*条未读）$/);
    await bell.click();
    const message = page.locator('.el-drawer').getByRole('button').filter({ hasText: '您的申报材料未在截止日期前缴纳评审费，已视为自动放弃' });
    await visible(message);
    await snap('applicant-abandoned-message');
    await message.click();
    await page.waitForURL(new RegExp(`/applicant/applications/${file.id}$`));
    await hasText(page.getByTestId('status'), '自动放弃');
    await page.getByRole('tab', { name: '时间线' }).click();
    await hasText(page.getByLabel('办理时间线'), '未在评审费缴纳截止日期（2026年3月20日）前缴费，视为自动放弃');
    await snap('applicant-abandoned');
  });
});
