// A file returned by the committee whose deadline passes (R2): the server's clock moves past the
// end of the deadline day (Asia/Shanghai), the job runner marks the file 自动放弃 within seconds,
// and the applicant's page shows it with the abandon step on the timeline.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { filesAtCommittee, login, setClock, stageVersion, statusOf, type SubmittedFile } from './support/api-flow';
import { hasText, journey, loginAs as loginIn, openBrowser, screenshots, type Browser } from './support/browser';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');

// Monday 2026-07-06 10:00 Shanghai → publicity ends 2026-07-13; recommended and returned on the 14th
const START = '2026-07-06T02:00:00Z';
const RETURNED = '2026-07-14T01:30:00Z';
// returned 14 July → due 16 July 24:00 Shanghai = 16:00Z; five seconds after it
const PAST_DEADLINE = '2026-07-16T16:00:05Z';
const REASON = '任现职以来年度考核表缺少2024年度，请补充';

let browser: Browser;
let page: Page;
let file: SubmittedFile;
const timings: Record<string, number> = {};

const snap = screenshots(() => page, 'return-deadline');
const loginAs = (username: string, password: string) => loginIn(page, baseURL, username, password);

beforeAll(async () => {
  const t0 = Date.now();
  [file] = await filesAtCommittee(baseURL, clockFile, [{ name: '阿力木·买合木提', seq: 423 }], { startAt: START, recommendAt: RETURNED });
  const committee = await login(baseURL, 'committee');
  const res = await committee.post(`/api/committee/applications/${file.id}/return`, { version: await stageVersion(committee, 'committee', file.id), reason: REASON });
  expect(res).toMatchObject({ status: 'returned_by_committee', returnDeadlineAt: '2026-07-16T15:59:59.999Z' });
  timings.prepareFileMs = Date.now() - t0;
  browser = await openBrowser({ timezoneId: 'Asia/Shanghai' });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(clockFile, { force: true });
  console.log('return-deadline timings (ms):', JSON.stringify(timings));
});

describe('the return deadline passes', () => {
  const it = journey(snap);

  it('the applicant first sees the reason and the deadline', async () => {
    await loginAs(file.idNumber, file.password);
    await page.goto(`${baseURL}/applicant/applications/${file.id}`);
    const notice = page.locator('.el-alert').filter({ hasText: '退回原因' });
    await hasText(notice, REASON);
    await hasText(notice, '2026-07-16 23:59'); // 24:00 on the deadline day in Shanghai
  });

  it('once the deadline day is over the job runner marks the file 自动放弃 by itself', async () => {
    const committee = await login(baseURL, 'committee');
    expect(await statusOf(committee, 'committee', file.id)).toBe('returned_by_committee');
    setClock(clockFile, PAST_DEADLINE);
    // sessions end after 30 idle minutes (src/domain/account-security.ts): sign in at the new time
    const office = await login(baseURL, 'committee');
    const t0 = Date.now();
    // a state, not a stopwatch: how long it took is printed with the timings, not asserted
    await expect.poll(() => statusOf(office, 'committee', file.id), { timeout: 60_000, interval: 250 }).toBe('abandoned');
    timings.abandonAfterMs = Date.now() - t0;
  });

  it("the applicant's page shows 自动放弃 and the abandon step on the timeline", async () => {
    await loginAs(file.idNumber, file.password);
    await page.goto(`${baseURL}/applicant/applications/${file.id}`);
    await hasText(page.getByTestId('status'), '自动放弃');
    await page.getByRole('tab', { name: '时间线' }).click();
    const timeline = page.getByLabel('办理时间线');
    await hasText(timeline, '自动放弃');
    const text = await timeline.innerText();
    expect(text).toContain('评审委员会退回');
    expect(text).toContain(REASON);
    expect(text).toMatch(/退回后未在补充期限（2026年7月16日24时）前重新提交，视为自动放弃/);
    expect(text.indexOf('评审委员会退回')).toBeLessThan(text.lastIndexOf('自动放弃'));
    await snap('applicant-abandoned');
  });
});
