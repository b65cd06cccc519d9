// The bureau administrator opens the next review year by copying the last one, sets its fee
// deadline (R3) in the policy form built from the settings list, sees it saved, and closes the year
// again (so the other journeys keep a single open year). Found by role and Chinese label.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { DEMO_PASSWORD, login } from './support/api-flow';
import { closed, confirmBox, hasText, hasValue, journey, loginAs, openBrowser, screenshots, visible, type Browser } from './support/browser';

const baseURL = inject('baseURL');

let browser: Browser;
let page: Page;
let newYear: number;

const snap = screenshots(() => page, 'admin-years');

beforeAll(async () => {
  const api = await login(baseURL, 'bureau');
  newYear = (await api.get('/api/admin/years')).items[0].year + 1;
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

function yearRow() {
  return page.getByLabel('评审年度列表').getByRole('row').filter({ hasText: `${newYear}年度` });
}

describe('review years', () => {
  const it = journey(snap);

  it('the administrator finds 评审年度 under 系统管理', async () => {
    await loginAs(page, baseURL, 'bureau', DEMO_PASSWORD);
    const menu = page.getByRole('menubar', { name: '功能菜单' });
    await visible(menu.getByText('系统管理', { exact: true }));
    await menu.getByText('评审年度', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/admin/years');
    await visible(page.getByRole('heading', { name: '评审年度' }));
  });

  it('opens the next year by copying the last one', async () => {
    await page.getByRole('button', { name: '开启新年度' }).click();
    await confirmBox(page, '开启', `开启${newYear}年度`);
    const dialog = page.getByRole('dialog', { name: `${newYear}年度评审政策` });
    await visible(dialog);
    // copied: the appraisal years moved on with the year, the fee deadline starts empty
    await hasValue(dialog.getByLabel('年度考核年份', { exact: true }), `${newYear - 3}，${newYear - 2}，${newYear - 1}`);
    await hasValue(dialog.getByLabel('评审费缴纳截止日期', { exact: true }), '');
    await snap('new-year-policy');
  });

  it('sets the fee deadline and sees it saved', async () => {
    const dialog = page.getByRole('dialog', { name: `${newYear}年度评审政策` });
    const input = dialog.getByLabel('评审费缴纳截止日期', { exact: true });
    await input.click();
    await input.fill(`${newYear}-06-30`);
    await input.press('Enter');
    await hasValue(input, `${newYear}-06-30`);
    // Escape would close the dialog too: a click on its title closes the picker
    await dialog.locator('.el-dialog__title').click();
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await hasText(page.locator('.el-message--success'), `${newYear}年度评审政策已保存`);
    await closed(page.getByRole('dialog', { name: `${newYear}年度评审政策` }));
    await hasText(yearRow(), `${newYear}-06-30`);

    await page.reload();
    await hasText(yearRow(), `${newYear}-06-30`);
    await yearRow().getByRole('button', { name: '评审政策' }).click();
    await hasValue(page.getByRole('dialog', { name: `${newYear}年度评审政策` }).getByLabel('评审费缴纳截止日期', { exact: true }), `${newYear}-06-30`);
    await page.getByRole('dialog', { name: `${newYear}年度评审政策` }).getByRole('button', { name: '取消' }).click();
    const api = await login(baseURL, 'bureau');
    const saved = (await api.get('/api/admin/years')).items.find((y: { year: number }) => y.year === newYear);
    expect(saved.settings.fee_deadline).toBe(`${newYear}-06-30`);
    await snap('fee-deadline-saved');
  });

  it('closes the year', async () => {
    await yearRow().getByRole('button', { name: '关闭年度' }).click();
    await confirmBox(page, '关闭年度', `关闭后${newYear}年度不再受理新的申报`);
    await hasText(yearRow(), '已关闭');
  });
});
