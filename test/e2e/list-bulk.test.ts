// Issue 11 "Work in bulk" in the browser: a list pages on the server (the bureau's integrity archive
// with 23 records: 20 on page 1, 3 on page 2, then found by the start of an ID number), and the
// recommending unit starts the publicity of three selected files at once, one of them already in
// publicity, and reads the per-file result: 成功 twice, 失败 once with the reason.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { validIdNumber } from '../support/id-numbers';
import { DEMO_PASSWORD, PUBLICITY_BODY, login, setClock, stageVersion, submitDeclaration, type SubmittedFile } from './support/api-flow';
import { WAIT, closed, hasText, journey, loginAs as loginIn, openBrowser, screenshots, type Browser } from './support/browser';

const baseURL = inject('baseURL');
const clockFile = inject('clockFile');
// Monday 2026-06-01 10:00 Shanghai: a working day, publicity may start today
const START = '2026-06-01T02:00:00Z';
/** Names share 「批办」, so one search finds exactly these three files. */
const PEOPLE = [
  { name: '阿力木·批办甲', seq: 131 },
  { name: '巴哈尔·批办乙', seq: 132 },
  { name: '库尔班·批办丙', seq: 133 },
];
/** ID numbers of the 23 integrity records: birth 1991-07-07, sequence 100–122 (no other test uses it). */
const FINDING_IDS = Array.from({ length: 23 }, (_, i) => validIdNumber('654002', '19910707', 100 + i));

let browser: Browser;
let page: Page;
let files: SubmittedFile[];

const snap = screenshots(() => page, 'list-bulk');
const loginAs = (username: string) => loginIn(page, baseURL, username, DEMO_PASSWORD);

beforeAll(async () => {
  setClock(clockFile, START);
  files = [];
  for (const p of PEOPLE) files.push(await submitDeclaration(baseURL, p, '19900505'));
  const unit = await login(baseURL, 'unit');
  // the third file is already in publicity: the batch must refuse it and still handle the others
  await unit.post(`/api/unit/applications/${files[2]!.id}/publicity`, { version: await stageVersion(unit, 'unit', files[2]!.id), ...PUBLICITY_BODY });
  const bureau = await login(baseURL, 'bureau');
  for (const [i, idNumber] of FINDING_IDS.entries()) {
    await bureau.post('/api/bureau/integrity-records', { idNumber, finding: `提供虚假业绩材料（第${i + 1}件）`, decidedOn: '2026-05-20', documentRef: `伊州人社发〔2026〕${i + 1}号` });
  }
  browser = await openBrowser({ timezoneId: 'Asia/Shanghai' });
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

/** Body rows of the table named `label` (a dialog's result table stays in the DOM once closed). */
const rows = (label: string) => page.locator(`[aria-label="${label}"] .el-table__body-wrapper .el-table__row`);

describe('lists that page and batch actions in the browser', () => {
  const it = journey(snap);

  it('pages the integrity archive on the server and searches it by the start of an ID number', async () => {
    await loginAs('bureau');
    await page.goto(`${baseURL}/bureau/integrity`);
    const pager = page.locator('.el-pagination');
    const table = page.getByRole('table').or(page.locator('.el-table')).first();
    await expect.poll(() => rows('诚信档案').count(), WAIT).toBe(20); // page 1 of at least 23
    await expect.poll(async () => Number((await pager.locator('.el-pagination__total').innerText()).replace(/\D/g, '')), WAIT).toBeGreaterThanOrEqual(23);
    // filter down to our 23 records by the start of their ID numbers: 20 on page 1, 3 on page 2
    await page.getByLabel('按身份证号筛选').fill(FINDING_IDS[0]!.slice(0, 14));
    await page.getByRole('button', { name: '筛选' }).click();
    await hasText(pager.locator('.el-pagination__total'), '共 23 条');
    await expect.poll(() => rows('诚信档案').count(), WAIT).toBe(20);
    await pager.locator('.el-pager li', { hasText: /^2$/ }).click();
    await expect.poll(() => rows('诚信档案').count(), WAIT).toBe(3);
    await hasText(table, FINDING_IDS[0]!.slice(0, 14));
  });

  it('starts the publicity of three selected files at once and shows 成功 or 失败 for each', async () => {
    await loginAs('unit');
    await page.goto(`${baseURL}/unit/applications`);
    await page.getByLabel('搜索', { exact: true }).fill('批办');
    await page.getByRole('button', { name: '查询' }).click();
    await hasText(page.locator('.el-pagination__total'), '共 3 条');
    await expect.poll(() => rows('申报材料列表').count(), WAIT).toBe(3);
    await page.locator('.el-table__header-wrapper .el-checkbox').click(); // select every row of the page
    await hasText(page.locator('.batch-bar'), '已选 3 份');
    await page.getByRole('button', { name: '批量开始公示' }).click();
    const dialog = page.getByRole('dialog', { name: '批量开始公示' });
    await dialog.getByLabel('受理反映的科室').fill('人事科');
    await dialog.getByLabel('监督电话').fill('0999-8021234');
    await dialog.getByRole('button', { name: '确定办理' }).click();
    await hasText(dialog, '办理完成：成功 2 份，失败 1 份');
    const result = dialog.getByRole('table').or(dialog.locator('.el-table')).first();
    const line = (name: string) => dialog.locator('.el-table__row').filter({ hasText: name });
    await hasText(line(PEOPLE[0]!.name), '成功');
    await hasText(line(PEOPLE[1]!.name), '成功');
    await hasText(line(PEOPLE[2]!.name), '失败');
    await hasText(line(PEOPLE[2]!.name), /公示/);
    await hasText(result, '当前状态');
    await snap('batch-results');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await closed(page.locator('.el-dialog'));
    // the list reloaded: all three in publicity now
    await expect.poll(async () => (await rows('申报材料列表').allInnerTexts()).filter((t) => t.includes('推荐单位公示中')).length, WAIT).toBe(3);
  });
});
