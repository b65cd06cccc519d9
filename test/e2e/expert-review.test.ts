// The blind review in the browser (B5, R4): the committee office creates a meeting, sets the
// roster and attendance and assigns automatically; three experts open the file by its code (no
// name, ID or unit on the page), review and vote; the office closes the ballot, sees totals only,
// publishes the results, finalises after the publicity; the applicant downloads the certificate
// PDF and its verification link shows 有效 without a login. The files are prepared through the API.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/seed';
import { WAIT, choose, closed, confirmBox as confirmIn, gone, hasText, hasValue, journey, loginAs as loginIn, openBrowser, screenshots, visible, type Browser } from './support/browser';
import { acceptedFeePaidFiles, setClock, type PreparedFile } from './support/api-flow';
import { PHONE, fitsThePhone, phoneShots } from './support/phone';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');

// Monday 2026-03-02 10:00 in Shanghai; unit publicity ends 2026-03-09; accepted on 2026-03-10.
const START = '2026-03-02T02:00:00Z';
const ACCEPTED = '2026-03-10T02:00:00Z';
// result publicity 2026-03-10 … 2026-03-17 (5 working days, the first not counted)
const AFTER_PUBLICITY = '2026-03-18T02:00:00Z';
const EXPERTS = [
  { username: 'expert1', name: '专家甲', choice: '同意' },
  { username: 'expert2', name: '专家乙', choice: '同意' },
  { username: 'expert3', name: '专家丙', choice: '弃权' },
] as const;
const MEETING_TITLE = `2026年卫生系列中级职称评审会（浏览器测试${Date.now() % 100000}）`;

let browser: Browser;
let page: Page;
let file: PreparedFile;
let meetingUrl = '';
let fileCode = '';
/** The 计票密钥 shown when the office opened the ballot. */
let tallyKey = '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  const t0 = Date.now();
  [file] = await acceptedFeePaidFiles(baseURL, clockFile, [{ name: '热依拉·阿不都热合曼', seq: 367 }], { startAt: START, acceptedAt: ACCEPTED });
  timings.prepareFilesMs = Date.now() - t0;
  browser = await openBrowser({ downloads: true });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(clockFile, { force: true });
  console.log('expert-review timings (ms):', timings);
});

const snap = screenshots(() => page, 'expert-review');
const confirmBox = (button: string, text?: string | RegExp) => confirmIn(page, button, text);
const loginAs = (username: string, password = DEMO_PASSWORD) => loginIn(page, baseURL, username, password);

/** An el-table by its aria-label (the label sits on the component's root, not on a role=table). */
function table(label: string): Locator {
  return page.locator(`.el-table[aria-label="${label}"]`);
}

async function openMeetingTab(tab: string) {
  await page.goto(meetingUrl);
  await page.getByRole('tab', { name: tab }).click();
}

describe('expert blind review in the browser', () => {
  // One journey: once a step fails, the later steps cannot run meaningfully.
  const it = journey(snap);

  it('the committee office creates a meeting, sets roster and attendance, and assigns automatically', async () => {
    const t0 = Date.now();
    await loginAs('committee');
    await page.getByRole('menuitem', { name: '评审会' }).click();
    await page.getByRole('button', { name: '新建评审会' }).click();
    const dialog = page.getByRole('dialog', { name: '新建评审会' });
    await choose(dialog, '系列', '卫生系列');
    await choose(dialog, '级别', '中级');
    await dialog.getByLabel('会议名称').fill(MEETING_TITLE);
    const when = dialog.getByLabel('会议时间');
    await when.click();
    await when.fill('2026-03-10 14:00');
    await when.press('Enter');
    // close the picker's panel if still open (Escape would close the dialog)
    await dialog.getByText('新建评审会', { exact: true }).click();
    await hasValue(when, '2026-03-10 14:00');
    await dialog.getByLabel('每份材料评审专家人数').fill('3');
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/committee\/meetings\/\d+$/);
    meetingUrl = page.url();
    await hasText(page.locator('h1'), MEETING_TITLE);

    // roster: the three demo experts, all present
    await page.getByRole('button', { name: '选择专家' }).click();
    const picker = page.getByRole('dialog', { name: '选择评审专家' });
    for (const e of EXPERTS) await picker.locator('.el-checkbox').filter({ hasText: e.name }).click();
    for (const e of EXPERTS) await expect.poll(() => picker.getByRole('checkbox', { name: new RegExp(e.name) }).isChecked(), WAIT).toBe(true);
    await picker.getByRole('button', { name: '确定' }).click();
    const roster = table('评审专家名单');
    for (const e of EXPERTS) await visible(roster.getByText(e.name, { exact: true }));
    await page.getByRole('button', { name: '全部出席' }).click();
    await page.getByRole('button', { name: '保存出席情况' }).click();
    await hasText(page.locator('.el-alert'), '出席3人，名单3人');
    await snap('roster');

    // assignment: only this test's file, by specialty, without conflicted experts
    await page.getByRole('tab', { name: '材料分配与回避' }).click();
    const eligible = page.locator('.el-card').filter({ hasText: '可分配的材料' });
    const row = eligible.locator('.el-table__row').filter({ hasText: file.name });
    await row.locator('.el-checkbox').click();
    await eligible.getByRole('button', { name: /自动分配所选材料（1份）/ }).click();
    const agenda = page.locator('.el-card').filter({ hasText: '本次评审的材料' }).locator('.el-table__row').filter({ hasText: file.name });
    await hasText(agenda, /2026-WS-\d{4}/);
    fileCode = (await agenda.innerText()).match(/2026-WS-\d{4}/)![0];
    for (const e of EXPERTS) await hasText(agenda, e.name);
    await snap('assignment');
    timings.officeSetupMs = Date.now() - t0;
  });

  it('each expert opens the file by its code, sees no name, ID or unit, and submits a review', async () => {
    const t0 = Date.now();
    for (const [i, e] of EXPERTS.entries()) {
      await loginAs(e.username);
      await page.getByRole('menuitem', { name: '我的评审会' }).click();
      await page.locator('.el-table__row').filter({ hasText: MEETING_TITLE }).getByRole('button', { name: '进入' }).click();
      const fileRow = page.locator('.el-table__row').filter({ hasText: fileCode });
      await visible(fileRow);
      await hasText(page.locator('main'), fileCode);
      await fileRow.getByRole('button', { name: '打开材料' }).click();
      await page.waitForURL(new RegExp(`/expert/meetings/\\d+/files/${fileCode}$`));
      await hasText(page.getByTestId('file-code'), fileCode);
      await visible(page.getByText('实践能力、业绩成果'));
      await visible(page.getByText('（已隐去）'));
      // B5: nothing on the page names the applicant, the ID number or the unit
      const text = await page.locator('body').innerText();
      for (const s of [file.name, '热依拉', file.idNumber, '人民医院', '州医院']) expect(text, s).not.toContain(s);
      // images are the masked copies only
      const srcs = await page.locator('main img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src));
      expect(srcs.length).toBeGreaterThan(0);
      for (const s of srcs) expect(s).toMatch(/\/masked(-thumb)?$/);
      if (i === 0) await snap('expert-file');

      await page.getByRole('spinbutton', { name: '业务能力' }).fill('26');
      await page.getByRole('spinbutton', { name: '工作业绩' }).fill('34');
      await page.getByRole('spinbutton', { name: '学术水平' }).fill('22');
      await page.getByLabel('评审意见', { exact: true }).fill(`${e.name}：专业基础扎实，业绩成果符合中级职称条件。`);
      await page.getByRole('button', { name: '提交评审意见' }).click();
      await confirmBox('提交');
      await visible(page.locator('.el-card').filter({ hasText: '评审意见与评分' }).getByText('已提交', { exact: true }));
    }
    timings.reviewsMs = Date.now() - t0;
  });

  it('the office opens the ballot; the experts vote 同意, 同意, 弃权', async () => {
    const t0 = Date.now();
    await loginAs('committee');
    await openMeetingTab('投票与计票');
    await hasText(page.locator('.el-descriptions').last(), '已提交3 / 共3份');
    await page.getByRole('button', { name: '开始投票' }).click();
    await confirmBox('开始投票');
    // the tally key is shown once, to be printed or copied; the office needs it to close
    const keyDialog = page.getByRole('dialog', { name: '计票密钥' });
    await hasText(keyDialog, '系统不保存此密钥，遗失后须重新投票');
    tallyKey = (await keyDialog.getByLabel('计票密钥').innerText()).trim();
    expect(tallyKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
    await keyDialog.getByRole('button', { name: '我已妥善保存' }).click();
    await closed(keyDialog);
    await hasText(page.getByTestId('meeting-status'), '投票中');

    for (const e of EXPERTS) {
      await loginAs(e.username);
      await page.goto(meetingUrl.replace('/committee/meetings/', '/expert/meetings/'));
      const row = page.locator('.el-table__row').filter({ hasText: fileCode });
      // one deliberate action: choose, then confirm (issue 11)
      await row.getByRole('radiogroup', { name: `表决意见：${fileCode}` }).getByText(e.choice, { exact: true }).click();
      await row.getByRole('button', { name: `确认投票：${fileCode}`, exact: true }).click();
      await visible(row.getByText('已投票', { exact: true }));
      // no second vote: the controls are gone
      await gone(row.getByRole('button', { name: `确认投票：${fileCode}`, exact: true }));
    }
    await snap('expert-voted');
    timings.votingMs = Date.now() - t0;
  });

  it('the office closes the ballot and sees totals only, then publishes the results', async () => {
    await loginAs('committee');
    await openMeetingTab('投票与计票');
    await page.getByRole('button', { name: '结束投票并计票' }).click();
    await visible(page.locator('.el-message-box').getByRole('textbox'));
    await page.locator('.el-message-box').getByRole('textbox').fill(tallyKey);
    await confirmBox('结束投票并计票', '计票密钥');
    await hasText(page.getByTestId('meeting-status'), '已计票');
    const tally = table('计票结果').locator('.el-table__row').filter({ hasText: fileCode });
    // eligible 3, 同意 2, 不同意 0, 弃权 1, not voted 0 → exactly 2/3 同意 passes (R4)
    await hasText(tally, /3\s+2\s+0\s+1\s+0\s+通过/);
    const tallyText = await table('计票结果').innerText();
    for (const e of EXPERTS) expect(tallyText).not.toContain(e.name);
    await snap('tally');

    await page.getByRole('tab', { name: '结果公示与证书' }).click();
    await page.getByRole('button', { name: '公示评审结果' }).click();
    await confirmBox('公示');
    await hasText(page.getByTestId('meeting-status'), '结果公示中');
    await hasText(page.locator('.el-card').filter({ hasText: '评审结果' }).first(), '2026年3月10日至2026年3月17日');
  });

  it('after the publicity the office finalises and the certificate is issued', async () => {
    setClock(clockFile, AFTER_PUBLICITY);
    await loginAs('committee'); // the earlier session has expired (7 days)
    await openMeetingTab('结果公示与证书');
    await page.getByRole('button', { name: '办结' }).click();
    await confirmBox('办结');
    await hasText(page.getByTestId('meeting-status'), '已办结');
    const result = table('评审结果名单').locator('.el-table__row').filter({ hasText: file.name });
    await hasText(result, /通过[\s\S]*2026-WS-ZJ-\d{4}/);
    await page.getByRole('button', { name: '签发证书' }).click();
    await visible(page.getByText('通过人员的证书均已签发，无需补发'));
    await snap('finalised');
  });

  let verifyPath = '';

  it('the applicant sees 通过 and downloads the certificate PDF', async () => {
    await loginAs(file.idNumber, file.password);
    await page.getByRole('menuitem', { name: '评审结果' }).click();
    await hasText(page.getByTestId('result-label'), '通过');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载电子职称证书（PDF）' }).click()]);
    const saved = path.join(browser.downloadDir, 'certificate.pdf');
    await download.saveAs(saved);
    const pdf = fs.readFileSync(saved);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(download.suggestedFilename()).toMatch(/^职称证书2026-WS-ZJ-\d{4}\.pdf$/);
    verifyPath = (await page.getByRole('link', { name: '证书验证页面' }).getAttribute('href'))!;
    expect(verifyPath).toMatch(/^\/verify\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    await snap('applicant-result');
    // issue 11: the results page with a real result and its certificate also works on a phone
    await page.setViewportSize(PHONE);
    await visible(page.getByRole('button', { name: '打开菜单' }));
    await fitsThePhone(page, '评审结果（有证书）');
    await phoneShots(() => page, 'expert-review')('applicant-result-phone');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('the verification link opens without a login and shows 有效', async () => {
    await page.context().clearCookies();
    await page.goto(baseURL + verifyPath);
    expect(new URL(page.url()).pathname).toBe(verifyPath);
    await hasText(page.getByTestId('verify-status'), '有效');
    const info = page.locator('.el-descriptions');
    await hasText(info, /热\*+/);
    await hasText(info, '临床医学');
    await hasText(info, '中级');
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(file.name);
    await snap('verify');
    // an altered token is not found
    await page.goto(`${baseURL}${verifyPath.slice(0, -3)}${verifyPath.endsWith('AAA') ? 'BBB' : 'AAA'}`);
    await hasText(page.getByTestId('verify-status'), '无法验证');
  });

  it('the bureau sees the dashboard charts with the passed file', async () => {
    await loginAs('bureau');
    await page.goto(`${baseURL}/bureau/dashboard`);
    await visible(page.locator('canvas'));
    await expect.poll(() => page.locator('canvas').count(), WAIT).toBe(4);
    const status = await page.getByRole('img', { name: /^按状态/ }).getAttribute('aria-label');
    expect(status).toMatch(/评审通过1份/);
    // every chart has finished drawing, entry animation included (ECharts' finished event)
    await expect.poll(() => page.locator('.chart[data-rendered="true"]').count(), WAIT).toBe(4);
    await snap('dashboard');
  });
});
