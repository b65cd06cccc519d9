// Issue 11 "Work in bulk" for the fee pages (R3) in the browser: the unit leader searches the paged
// fee list, chooses every owing file the search matches in one click (the server answers their ids,
// whatever page they are on) and records one batch for them; the committee office reads the counts
// per unit, narrows the paged list to one unit's unpaid files, and finds the batch waiting for finance;
// finance finds it in the paged batch list among those waiting, confirms it, and finds it confirmed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeJpeg } from '../support/declaration-fixture';
import { DEMO_PASSWORD, filesAtCommittee, login, setClock, stageVersion, type SubmittedFile } from './support/api-flow';
import { WAIT, choose, hasText, journey, loginAs as loginIn, openBrowser, screenshots, visible, type Browser } from './support/browser';
import { watchConsole } from './support/phone';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');
const START = '2026-03-02T02:00:00Z';
const ACCEPTED = '2026-03-10T02:00:00Z';
/** Names share 「缴费批」, so one search finds exactly these three files. */
const PEOPLE = [
  { name: '努尔兰·缴费批甲', seq: 481 },
  { name: '阿依古丽·缴费批乙', seq: 482 },
  { name: '买买提·缴费批丙', seq: 483 },
];

let browser: Browser;
let page: Page;
let files: SubmittedFile[];
let dir: string;
let consoleWatch: ReturnType<typeof watchConsole>;

const snap = screenshots(() => page, 'fee-lists');
const loginAs = (username: string) => loginIn(page, baseURL, username, DEMO_PASSWORD);
const rows = (label: string) => page.locator(`[aria-label="${label}"] .el-table__body-wrapper .el-table__row`);

beforeAll(async () => {
  files = await filesAtCommittee(baseURL, clockFile, PEOPLE, { startAt: START, recommendAt: ACCEPTED, birth: '19890909' });
  const committee = await login(baseURL, 'committee');
  for (const f of files) await committee.post(`/api/committee/applications/${f.id}/accept`, { version: await stageVersion(committee, 'committee', f.id) });
  setClock(clockFile, ACCEPTED);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-fees-'));
  browser = await openBrowser({ timezoneId: 'Asia/Shanghai' });
  page = browser.page;
  consoleWatch = watchConsole(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fee lists that page, search and choose across pages', () => {
  const it = journey(snap);

  it('lets the unit leader search, choose every matching owing file at once and pay them in one batch', async () => {
    await loginAs('unitlead');
    await page.goto(`${baseURL}/unit/fees`);
    await visible(page.locator('.el-pagination__total'));
    await page.getByLabel('搜索', { exact: true }).fill('缴费批');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await hasText(page.locator('.el-pagination__total'), '共 3 条');
    await expect.poll(() => rows('应缴费材料').count(), WAIT).toBe(3);
    // one tick by hand, then every owing file the search matches (from the server, not just this page)
    // Element Plus hides the native checkbox under its own box: click the box the user sees
    await page.locator('.el-checkbox').filter({ has: page.getByRole('checkbox', { name: `选择${PEOPLE[0]!.name}`, includeHidden: true }) }).click();
    await hasText(page.locator('.batch-bar'), '已选 1 份');
    await page.getByRole('button', { name: '选择全部符合条件的待缴费材料' }).click();
    await hasText(page.locator('.batch-bar'), '已选 3 份');
    // every row shows its tick, as does the header's 本页全选
    for (const p of PEOPLE) await expect.poll(() => page.getByRole('checkbox', { name: `选择${p.name}`, includeHidden: true }).isChecked(), WAIT).toBe(true);
    expect(await page.getByRole('checkbox', { name: '选择本页全部待缴费材料', includeHidden: true }).isChecked()).toBe(true);
    await snap('unit-chosen');
    await page.getByLabel('缴费金额', { exact: true }).fill('900');
    await page.getByLabel('缴款人', { exact: true }).fill('张伟');
    const paidAt = page.getByLabel('缴费时间', { exact: true });
    await paidAt.click();
    await paidAt.fill('2026-03-10 09:00:00');
    await paidAt.press('Enter');
    await page.keyboard.press('Escape');
    const receipt = path.join(dir, '缴费凭证.jpg');
    fs.writeFileSync(receipt, await makeJpeg());
    await page.getByRole('group', { name: '缴费凭证', exact: true }).locator('input[type="file"]').setInputFiles(receipt);
    await page.getByRole('button', { name: '登记缴费', exact: true }).click();
    await visible(page.getByText('缴费已登记，待州人社局财务确认'));
    // the three rows now wait for finance; nothing is ticked any more
    await expect.poll(() => rows('应缴费材料').filter({ hasText: '已登记，待财务确认' }).count(), WAIT).toBe(3);
    await hasText(page.locator('.batch-bar'), '已选 0 份');
    // the batch is in the unit's own paged 缴费记录, waiting for finance
    const ours = rows('缴费记录').filter({ hasText: '2026-03-10 09:00' }).filter({ hasText: '900.00' });
    await expect.poll(() => ours.count(), WAIT).toBe(1);
    await hasText(ours, '待确认');
    await snap('unit-paid');
    consoleWatch.assertNone('推荐单位缴费页');
  });

  it('shows the committee the counts per unit and narrows the paged list by unit, fee state and name', async () => {
    await loginAs('committee');
    await page.goto(`${baseURL}/committee/fees`);
    const units = page.getByRole('table', { name: '各推荐单位缴费汇总' }).or(page.locator('[aria-label="各推荐单位缴费汇总"]')).first();
    await hasText(units, '伊犁哈萨克自治州人民医院');
    await visible(page.locator('.el-pagination__total'));
    await choose(page, '缴费情况', '已登记，待财务确认');
    await page.getByLabel('搜索', { exact: true }).fill('缴费批');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await hasText(page.locator('.el-pagination__total'), '共 3 条');
    await expect.poll(() => rows('各单位材料缴费情况').count(), WAIT).toBe(3);
    await hasText(rows('各单位材料缴费情况').first(), '伊犁哈萨克自治州人民医院');
    // none of them is unpaid any more
    await choose(page, '缴费情况', '未缴费');
    await hasText(page.locator('.el-pagination__total'), '共 0 条');
    await snap('committee');
    consoleWatch.assertNone('评审委员会缴费页');
  });

  it('lets finance find the batch among those waiting, confirm it, and find it among the confirmed', async () => {
    await loginAs('finance');
    await page.goto(`${baseURL}/bureau/fees`);
    await visible(page.locator('.el-pagination__total'));
    await choose(page, '财务确认', '待财务确认');
    const ours = rows('缴费记录').filter({ hasText: '2026-03-10 09:00' }).filter({ hasText: '900.00' });
    await expect.poll(() => ours.count(), WAIT).toBe(1);
    await ours.getByRole('button', { name: '确认收款' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认', exact: true }).click();
    await visible(page.getByText('已确认', { exact: true }));
    // it has left the waiting ones and is among the confirmed
    await expect.poll(() => ours.count(), WAIT).toBe(0);
    await choose(page, '财务确认', '财务已确认');
    await expect.poll(() => ours.count(), WAIT).toBe(1);
    await hasText(ours, '已确认');
    await snap('finance-confirmed');
    consoleWatch.assertNone('评审费确认页');
  });
});
