// Issue 11: no page shows the browser's own file input (「Choose File / No file chosen」 in English):
// the fee receipt and the 评审方案 are chosen with Element Plus's upload, in Chinese, and a second
// choice replaces the first. The console stays free of errors meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeJpeg } from '../support/declaration-fixture';
import { DEMO_PASSWORD } from './support/api-flow';
import { WAIT, hasText, loginAs, openBrowser, visible, type Browser } from './support/browser';
import { watchConsole } from './support/phone';

const baseURL = inject('baseURL');
let browser: Browser;
let page: Page;
let dir: string;
let consoleWatch: ReturnType<typeof watchConsole>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-files-'));
  browser = await openBrowser();
  page = browser.page;
  consoleWatch = watchConsole(page);
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** No native file input is on screen, and no English text of one anywhere. */
async function noNativeFileInput() {
  await expect.poll(() => page.locator('input[type="file"]').filter({ visible: true }).count(), WAIT).toBe(0);
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/Choose File|No file chosen|Browse/);
}

describe('file inputs', () => {
  it('lets the unit leader choose the fee receipt in Chinese, a second choice replacing the first', async () => {
    await loginAs(page, baseURL, 'unitlead', DEMO_PASSWORD);
    await page.goto(`${baseURL}/unit/fees`);
    const pick = page.getByRole('group', { name: '缴费凭证', exact: true });
    await visible(pick.getByRole('button', { name: '选择缴费凭证' }));
    await hasText(pick, '尚未选择文件');
    await noNativeFileInput();
    const first = path.join(dir, '缴费凭证一.jpg');
    const second = path.join(dir, '缴费凭证二.jpg');
    fs.writeFileSync(first, await makeJpeg());
    fs.writeFileSync(second, await makeJpeg());
    await pick.locator('input[type="file"]').setInputFiles(first);
    await hasText(pick, '缴费凭证一.jpg');
    await pick.locator('input[type="file"]').setInputFiles(second);
    await hasText(pick, '缴费凭证二.jpg');
    await expect.poll(() => pick.locator('.el-upload-list__item').count(), WAIT).toBe(1);
    await noNativeFileInput();
    consoleWatch.assertNone('缴费页');
  });

  it('shows the committee’s 评审方案 picker in Chinese too', async () => {
    await loginAs(page, baseURL, 'committee', DEMO_PASSWORD);
    await page.goto(`${baseURL}/committee/entrustments`);
    await page.getByRole('button', { name: '提出申请', exact: true }).click();
    const pick = page.getByRole('group', { name: '评审方案', exact: true });
    await visible(pick.getByRole('button', { name: '选择评审方案' }));
    await noNativeFileInput();
    consoleWatch.assertNone('委托评审页');
  });
});
