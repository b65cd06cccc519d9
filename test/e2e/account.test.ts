// Accounts in the browser (issue 9): the login page lists demo accounts in demo mode; a password
// reset by the bureau administrator opens nothing but 修改密码 until the user has chosen their own,
// and 修改密码 is in the top bar for everyone.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { validIdNumber } from '../support/id-numbers';
import { APPLICANT_PASSWORD, ApiSession, login, registerAndLogin } from './support/api-flow';
import { hasText, journey, loginAs, openBrowser, screenshots, visible, type Browser } from './support/browser';

const baseURL = inject('baseURL');
// birth date of no other e2e file, so the ID number is this file's own
const ID_NUMBER = validIdNumber('654002', '19790415', 201 + Math.floor(Math.random() * 300) * 2);
const NEW_PASSWORD = 'Guozigou2027';

let browser: Browser;
let page: Page;
let oneTime = '';
const snap = screenshots(() => page, 'account');

beforeAll(async () => {
  const applicant = new ApiSession(baseURL);
  await registerAndLogin(applicant, { idNumber: ID_NUMBER, name: '帕提古丽·艾买提', mobile: '13999120001', password: APPLICANT_PASSWORD });
  const bureau = await login(baseURL, 'bureau');
  oneTime = (await bureau.post('/api/bureau/users/password-reset', { username: ID_NUMBER })).password;
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

describe('accounts', () => {
  const it = journey(snap);

  it('lists the demo accounts on the login page in demo mode', async () => {
    await page.goto(`${baseURL}/login`);
    await page.getByRole('button', { name: /演示账号/ }).click();
    await hasText(page.locator('.demo'), 'Zhiping@2026');
    await hasText(page.locator('.demo'), 'bureau');
  });

  it('after a reset, opens only 修改密码 until the password is changed', async () => {
    await loginAs(page, baseURL, ID_NUMBER, oneTime);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/password');
    await visible(page.getByText('您正在使用一次性密码'));
    await page.goto(`${baseURL}/applicant/applications`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/password');
    await page.getByLabel('当前密码').fill(oneTime);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码', exact: true }).click();
    await page.waitForURL((u) => u.pathname !== '/password');
    await snap('changed');
  });

  it('offers 修改密码 in the top bar, and the new password signs in', async () => {
    await loginAs(page, baseURL, ID_NUMBER, NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/password');
    await page.getByLabel('当前密码').fill(NEW_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill('password123');
    await page.getByLabel('确认新密码').fill('password123');
    await page.getByRole('button', { name: '修改密码', exact: true }).click();
    await hasText(page.locator('.el-form'), '该密码过于常见');
  });
});
