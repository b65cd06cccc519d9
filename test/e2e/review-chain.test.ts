// One file through the whole review chain in the browser (U1–U3, C1, R1–R2): a submitted file
// (made through the API) is publicised by the recommending unit, recommended after the period
// with the default opinion, recommended by the competent unit with its stamped 附件4, returned
// by the committee with a reason, fixed and resubmitted by the applicant, and accepted. The
// applicant then sees 「评审委员会已接收材料」 and every step on the timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { makeJpeg } from '../support/declaration-fixture';
import { DEMO_PASSWORD, setClock, submittedFile, type SubmittedFile } from './support/api-flow';
import { WAIT, confirmBox as confirmIn, hasText, journey, loginAs as loginIn, openBrowser, screenshots, type Browser } from './support/browser';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');

// Monday 2026-06-01 10:00 Shanghai; 5 working days (the first not counted) → ends 2026-06-08
const START = '2026-06-01T02:00:00Z';
// Tuesday 2026-06-09 09:30 Shanghai: the period is over
const AFTER_PUBLICITY = '2026-06-09T01:30:00Z';
const DEFAULT_OPINION = '本单位已对提供的申报材料逐一审核，真实准确，同意推荐';
const RETURN_REASON = '继续教育免修申请表未盖章，请补充盖章后重新提交';

let scanDir: string;
let browser: Browser;
let page: Page;
let file: SubmittedFile;
const timings: Record<string, number> = {};

const snap = screenshots(() => page, 'review-chain');
const loginAs = (username: string, password = DEMO_PASSWORD) => loginIn(page, baseURL, username, password);
const confirmBox = (button: string, text?: string | RegExp) => confirmIn(page, button, text);

const status = () => page.getByTestId('review-status');
const dialog = (title: string) => page.getByRole('dialog', { name: title });

/** Opens the file from the stage's list, searching by the applicant's name. */
async function openFromList(listPath: string) {
  await page.goto(`${baseURL}${listPath}`);
  await page.getByLabel('搜索', { exact: true }).fill(file.name);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.locator('.el-table__row').filter({ hasText: file.name });
  await expect.poll(() => row.count(), WAIT).toBe(1);
  await row.getByRole('button', { name: '查看办理' }).click();
  await page.waitForURL(new RegExp(`/applications/${file.id}$`));
}

beforeAll(async () => {
  const t0 = Date.now();
  setClock(clockFile, START);
  file = await submittedFile(baseURL, { name: '努尔兰·托合提', seq: 411 });
  timings.prepareFileMs = Date.now() - t0;
  scanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-scans-'));
  fs.writeFileSync(path.join(scanDir, '附件4盖章.jpg'), await makeJpeg());
  browser = await openBrowser({ timezoneId: 'Asia/Shanghai' });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(clockFile, { force: true });
  if (scanDir) fs.rmSync(scanDir, { recursive: true, force: true });
  console.log('review-chain timings (ms):', JSON.stringify(timings));
});

function timed(name: string, fn: () => Promise<void>) {
  return async () => {
    const t = Date.now();
    await fn();
    timings[name] = Date.now() - t;
  };
}

describe('the review chain in the browser', () => {
  // Each step builds on the one before: after a failure the rest stop at once.
  const it = journey(snap);

  it(
    'the recommending unit finds the file and starts the publicity, with the end date and a countdown',
    timed('unitPublicity', async () => {
      await loginAs('unit');
      await openFromList('/unit/applications');
      await hasText(status(), '已提交，待推荐单位审核');
      // the file opens with its sections and the originals
      await hasText(page.locator('.el-collapse'), file.name);
      await expect.poll(() => page.locator('img[alt$="（原件）"]').count(), WAIT).toBeGreaterThan(0);
      await page.getByRole('button', { name: '开始公示' }).click();
      const d = dialog('开始公示');
      const start = d.getByLabel('公示开始日期', { exact: true });
      const pick = async (day: string) => {
        await start.click();
        await start.fill(day);
        await start.press('Enter');
        await expect.poll(() => start.inputValue(), WAIT).toBe(day);
        // Escape would close the dialog: close the picker by clicking the dialog's own text
        await d.getByText('公示期不少于5个工作日').click();
      };
      await d.getByLabel('受理反映的科室', { exact: true }).fill('人事科');
      await d.getByLabel('监督电话', { exact: true }).fill('0999-8021234');
      // a period running past the holiday data is refused, and the dialog says why
      await pick('2026-12-28');
      await d.getByRole('button', { name: '开始公示' }).click();
      await hasText(d.getByTestId('publicity-error'), '超出节假日数据范围');
      await snap('publicity-calendar-range');
      await pick('2026-06-01');
      await snap('publicity-form');
      await d.getByRole('button', { name: '开始公示' }).click();
      await confirmBox('知道了', '2026年6月1日至2026年6月8日');
      await hasText(status(), '推荐单位公示中');
      await hasText(page.getByTestId('publicity-countdown'), /公示剩余\d+个工作日（2026年6月1日至2026年6月8日，共5个工作日）/);
      await hasText(page.getByTestId('recommend-refusal'), '公示期至2026年6月8日结束，2026年6月9日起方可推荐');
      await snap('publicity-running');
    }),
  );

  it(
    'after the period the unit recommends with the default opinion',
    timed('unitRecommend', async () => {
      setClock(clockFile, AFTER_PUBLICITY);
      await loginAs('unit'); // the session started on 1 June has expired
      await page.goto(`${baseURL}/unit/applications/${file.id}`);
      await hasText(page.getByTestId('publicity-countdown'), '公示期已满');
      const opinion = page.getByLabel('推荐单位意见', { exact: true });
      await expect.poll(() => opinion.inputValue(), WAIT).toBe(DEFAULT_OPINION);
      // U3: the stamped 附件2 and 附件3 come first (policy stamped_scans_required)
      await hasText(page.getByTestId('recommend-refusal'), '请先上传盖章的推荐单位公示（附件2）、推荐单位公示结果（附件3）扫描件');
      await page.getByLabel('选择附件2（盖章扫描件）文件').setInputFiles(path.join(scanDir, '附件4盖章.jpg'));
      await hasText(page.getByTestId('recommend-refusal'), /^请先上传盖章的推荐单位公示结果（附件3）扫描件/);
      await page.getByLabel('选择附件3（盖章扫描件）文件').setInputFiles(path.join(scanDir, '附件4盖章.jpg'));
      await expect.poll(() => page.getByTestId('recommend-refusal').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: '推荐并报送主管单位' }).click();
      await hasText(status(), '推荐单位已推荐，待主管单位审核');
    }),
  );

  it(
    'the competent unit uploads the stamped 附件4 and recommends',
    timed('competent', async () => {
      await loginAs('competent');
      await openFromList('/competent/applications');
      await hasText(status(), '推荐单位已推荐，待主管单位审核');
      const forward = page.getByRole('button', { name: '推荐并报送评审委员会' });
      await expect.poll(() => forward.isDisabled(), WAIT).toBe(true); // the scan comes first
      await page.getByLabel('选择附件4（盖章扫描件）文件').setInputFiles(path.join(scanDir, '附件4盖章.jpg'));
      await hasText(page.getByTestId('scan-uploaded'), '已上传盖章扫描件');
      await snap('competent');
      await forward.click();
      await hasText(status(), '主管单位已推荐，待评审委员会审核');
    }),
  );

  it(
    'the committee office returns it with a mandatory reason and sees the deadline',
    timed('committeeReturn', async () => {
      await loginAs('committee');
      await openFromList('/committee/applications');
      await hasText(status(), '主管单位已推荐，待评审委员会审核');
      // each image of a masked section links to its masked copy
      await expect.poll(() => page.getByRole('link', { name: '遮盖件' }).count(), WAIT).toBeGreaterThan(0);
      await page.getByRole('button', { name: '退回补充' }).click();
      const d = dialog('退回申报材料');
      await d.getByRole('button', { name: '确定退回' }).click();
      await hasText(d.locator('.el-form-item__error'), '请填写退回原因');
      await d.getByLabel('退回原因', { exact: true }).fill(RETURN_REASON);
      await d.getByRole('button', { name: '确定退回' }).click();
      // returned 9 June 09:30 → due 11 June 24:00, shown in the browser's zone (Shanghai)
      await confirmBox('知道了', '补充期限：2026-06-11 23:59');
      await hasText(status(), '评审委员会已退回，待补充');
      await snap('committee-returned');
    }),
  );

  it(
    'the applicant sees the reason and the deadline, fixes the file and resubmits',
    timed('applicantFix', async () => {
      await loginAs(file.idNumber, file.password);
      // the bell counts the unread messages; the committee's one leads to the file
      const bell = page.getByTestId('notification-bell');
      await expect.poll(() => bell.getAttribute('aria-label'), WAIT).toMatch(/^消息（[1-9]\d*条未读）$/);
      await bell.click();
      const message = page.locator('.el-drawer').getByRole('button').filter({ hasText: '评审委员会退回了您的申报材料' });
      await hasText(message, RETURN_REASON);
      await snap('applicant-notifications');
      await message.click();
      await page.waitForURL(new RegExp(`/applicant/applications/${file.id}$`));
      const notice = page.locator('.el-alert').filter({ hasText: '退回原因' });
      await hasText(notice, RETURN_REASON);
      await hasText(notice, '前修改并重新提交，逾期视为自动放弃');
      await snap('applicant-returned');
      // the fix: a corrected mobile number in 基本情况
      const mobile = page.getByLabel('手机号码', { exact: true });
      await mobile.fill('13999123457');
      // the section's own save state, beside its title: dirty until the server has it
      const saved = page.locator('.form-head .muted');
      await hasText(saved, '有未保存的修改');
      await page.getByRole('button', { name: '保存本项' }).click();
      await expect.poll(() => saved.innerText(), WAIT).toBe('已保存');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await confirmBox('确定提交');
      await hasText(page.getByTestId('status'), '主管单位已推荐，待评审委员会审核');
    }),
  );

  it(
    'the committee office accepts it; the applicant sees 评审委员会已接收材料 and every step',
    timed('acceptAndTimeline', async () => {
      await loginAs('committee');
      await page.goto(`${baseURL}/committee/applications/${file.id}`);
      await hasText(status(), '主管单位已推荐，待评审委员会审核');
      await page.getByRole('button', { name: '接收材料' }).click();
      await confirmBox('接收');
      await hasText(status(), '评审委员会已接收材料');

      await loginAs(file.idNumber, file.password);
      await page.goto(`${baseURL}/applicant/applications/${file.id}`);
      await hasText(page.getByTestId('status'), '评审委员会已接收材料');
      await page.getByRole('tab', { name: '时间线' }).click();
      const timeline = page.getByLabel('办理时间线');
      await hasText(timeline, '评审委员会接收材料');
      const text = await timeline.innerText();
      const steps = ['提交申报', '开始公示', '推荐单位推荐', '主管单位推荐', '评审委员会退回', '评审委员会接收材料'];
      let at = -1;
      for (const s of steps) {
        const i = text.indexOf(s, at + 1);
        expect(i, `timeline step ${s} in order:\n${text}`).toBeGreaterThan(at);
        at = i;
      }
      expect(text).toContain(RETURN_REASON);
      expect(text.split('提交申报').length - 1).toBe(2); // submitted, then resubmitted after the return
      await snap('applicant-timeline');
    }),
  );
});
