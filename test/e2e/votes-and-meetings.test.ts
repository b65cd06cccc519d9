// Issue 11 "Votes and meetings" in the browser: double-clicking a choice records nothing, and
// double-clicking 确认投票 records exactly one vote and says when; the office closing the ballot
// with a vote missing is told how many and must confirm a second time. The meeting, its roster,
// the reviews and the opening of the ballot are prepared through the API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { DEMO_PASSWORD } from '../../src/db/seed';
import { WAIT, closed, hasText, journey, loginAs as loginIn, openBrowser, screenshots, visible, type Browser } from './support/browser';
import { acceptedFeePaidFiles, login, setClock, type ApiSession, type PreparedFile } from './support/api-flow';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');

// Monday 2026-03-02 in Shanghai; accepted and voting on 2026-03-10, the meeting's day
const START = '2026-03-02T02:00:00Z';
const ACCEPTED = '2026-03-10T02:00:00Z';
const MEETING_TITLE = `2026年卫生系列中级职称评审会（投票测试${Date.now() % 100000}）`;

let browser: Browser;
let page: Page;
let file: PreparedFile;
let office: ApiSession;
let meetingId = 0;
let fileCode = '';
let tallyKey = '';

const snap = screenshots(() => page, 'votes-and-meetings');
const loginAs = (username: string) => loginIn(page, baseURL, username, DEMO_PASSWORD);

/** Ballots in for this test's file, as the office's tally reports them (counts only). */
async function votesCast(): Promise<number> {
  const t = await office.get(`/api/committee/meetings/${meetingId}/tally`);
  return t.files.find((f: { fileCode: string }) => f.fileCode === fileCode).votesCast as number;
}

beforeAll(async () => {
  [file] = await acceptedFeePaidFiles(baseURL, clockFile, [{ name: '古丽娜尔·吐尔逊', seq: 471 }], { startAt: START, acceptedAt: ACCEPTED });
  setClock(clockFile, ACCEPTED);
  office = await login(baseURL, 'committee');
  meetingId = (await office.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: MEETING_TITLE, scheduledAt: '2026-03-10T06:00:00Z', reviewersPerFile: 2 })).id;
  const pool = (await office.get(`/api/committee/meetings/${meetingId}/experts`)).items as Array<{ expertId: number; name: string }>;
  const two = ['专家甲', '专家乙'].map((n) => pool.find((e) => e.name === n)!.expertId);
  await office.put(`/api/committee/meetings/${meetingId}/roster`, { expertIds: two });
  await office.put(`/api/committee/meetings/${meetingId}/attendance`, { entries: two.map((expertId) => ({ expertId, isPresent: true })) });
  await office.post(`/api/committee/meetings/${meetingId}/assignments/auto`, { applicationIds: [file.id] });
  const m = await office.get(`/api/committee/meetings/${meetingId}`);
  fileCode = m.files.find((f: { applicationId: number }) => f.applicationId === file.id).fileCode;
  for (const u of ['expert1', 'expert2']) {
    const e = await login(baseURL, u);
    await e.put(`/api/expert/files/${fileCode}/review`, { opinion: '专业基础扎实，业绩成果符合中级职称条件。', scores: { ability: 25, achievement: 32, academic: 20 }, submit: true });
  }
  tallyKey = (await office.post(`/api/committee/meetings/${meetingId}/ballot/open`)).tallyKey;
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

describe('votes and meetings in the browser', () => {
  const it = journey(snap);

  it('double-clicking 同意 only chooses it: no vote, no message, the choice waits for 确认投票', async () => {
    await loginAs('expert1');
    await page.goto(`${baseURL}/expert/meetings/${meetingId}`);
    const row = page.locator('.el-table__row').filter({ hasText: fileCode });
    const choices = row.getByRole('radiogroup', { name: `表决意见：${fileCode}` });
    await visible(choices);
    const confirm = row.getByRole('button', { name: `确认投票：${fileCode}` });
    expect(await confirm.isDisabled()).toBe(true);
    await choices.getByText('同意', { exact: true }).dblclick();
    await expect.poll(() => confirm.isDisabled(), WAIT).toBe(false);
    await hasText(confirm, '确认投“同意”票');
    // nothing was sent: no message, no ballot
    expect(await page.locator('.el-message').count()).toBe(0);
    expect(await votesCast()).toBe(0);
    await snap('chosen');
  });

  it('double-clicking 确认投票 records exactly one vote and says when it was recorded', async () => {
    const row = page.locator('.el-table__row').filter({ hasText: fileCode });
    await row.getByRole('button', { name: `确认投票：${fileCode}` }).dblclick();
    const state = row.getByRole('status', { name: `投票状态：${fileCode}` });
    await hasText(state, '已投票');
    await hasText(state, /\d{2}:\d{2}:\d{2} 已记录/);
    await hasText(page.locator('.el-message--success'), `您对 ${fileCode} 的投票已于`);
    // the second click sent nothing: no “已投票” refusal, one ballot
    expect(await page.locator('.el-message--error').count()).toBe(0);
    expect(await votesCast()).toBe(1);
    await snap('voted');
  });

  it('the office closing with a vote missing is told how many and must confirm a second time', async () => {
    await loginAs('committee');
    await page.goto(`${baseURL}/committee/meetings/${meetingId}`);
    await page.getByRole('tab', { name: '投票与计票' }).click();
    await hasText(page.getByTestId('missing-votes'), '尚缺1票');

    const closeWithKey = async () => {
      await page.getByRole('button', { name: '结束投票并计票' }).click();
      const prompt = page.locator('.el-message-box').filter({ visible: true });
      await visible(prompt.getByRole('textbox'));
      await prompt.getByRole('textbox').fill(tallyKey);
      await prompt.getByRole('button', { name: '结束投票并计票', exact: true }).click();
    };

    // first time: the office waits for the missing vote
    await closeWithKey();
    const second = page.locator('.el-message-box').filter({ visible: true }).filter({ hasText: '还有专家未投票' });
    await hasText(second, '还有1票未投');
    await hasText(second, '计为弃权');
    await snap('missing-votes');
    await second.getByRole('button', { name: '继续等待投票' }).click();
    await closed(page.locator('.el-message-box'));
    await hasText(page.getByTestId('meeting-status'), '投票中');

    // second time: confirmed, the ballot closes with the missing vote counted as 弃权
    await closeWithKey();
    await visible(second);
    await second.getByRole('button', { name: '确认缺票结束投票' }).click();
    await closed(page.locator('.el-message-box'));
    await hasText(page.getByTestId('meeting-status'), '已计票');
    const tally = page.locator('.el-table[aria-label="计票结果"] .el-table__row').filter({ hasText: fileCode });
    // eligible 2, 同意 1, 不同意 0, 弃权 0, not voted 1 → 1 of 2 同意 < 2/3
    await hasText(tally, /2\s+1\s+0\s+0\s+1\s+未通过/);
    await snap('closed');
  });
});
