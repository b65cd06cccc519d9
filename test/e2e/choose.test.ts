// Issue 11 "Small things seen": option picking in browser tests must be robust. Under load an Element
// Plus option can be found in the open dropdown but not be visible (the flake of the A11 不合格
// choice). This test forces that state on a real long list: the unit's 状态 filter has nine options,
// so its last one (自动放弃) starts below the fold of the dropdown, and a page script keeps that
// option collapsed to zero height (present for the accessibility tree, not visible to Playwright)
// until the dropdown has been scrolled to it. choose() only gets there by noticing the option is
// not visible and scrolling it into view; then it must pick it and leave the dropdown closed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from './support/api-flow';
import { WAIT, choose, formItem, hasText, loginAs, openBrowser, visible, type Browser } from './support/browser';

const baseURL = inject('baseURL');
const TARGET = '自动放弃';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
});

interface FoldState {
  /** the option's top was at or below the bottom of the open dropdown's scroll area */
  belowFold: boolean | null;
  /** it was collapsed (not visible) while the dropdown was open */
  seenHidden: boolean;
  /** it was shown because the dropdown had been scrolled to it */
  revealedByScroll: boolean;
}

/** Keeps the option named `label` collapsed until its dropdown is scrolled to it; records what happened. */
function holdBelowFold(label: string) {
  const w = window as unknown as { __fold: FoldState };
  w.__fold = { belowFold: null, seenHidden: false, revealedByScroll: false };
  const style = document.createElement('style');
  // zero height: Playwright's isVisible() is false, getByRole() still finds it (not display:none or visibility:hidden)
  style.textContent = '.el-select-dropdown__item.zp-collapsed{height:0!important;min-height:0!important;padding-top:0!important;padding-bottom:0!important;line-height:0!important;overflow:hidden!important}';
  document.head.append(style);
  const target = () => [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((li) => li.textContent?.trim() === label);
  const inView = (li: HTMLElement, wrap: HTMLElement) => {
    const a = li.getBoundingClientRect();
    const b = wrap.getBoundingClientRect();
    return a.top >= b.top && a.top < b.bottom;
  };
  const timer = setInterval(() => {
    const li = target();
    if (!li || w.__fold.revealedByScroll) return;
    const wrap = li.closest<HTMLElement>('.el-scrollbar__wrap');
    if (!wrap || wrap.getBoundingClientRect().height === 0) {
      li.classList.add('zp-collapsed'); // closed: collapsed before it ever shows
      return;
    }
    if (w.__fold.belowFold === null) {
      li.classList.remove('zp-collapsed'); // measure where it really is…
      w.__fold.belowFold = li.getBoundingClientRect().top >= wrap.getBoundingClientRect().bottom;
      li.classList.add('zp-collapsed'); // …then collapse it again
      wrap.addEventListener('scroll', () => {
        if (inView(li, wrap)) {
          li.classList.remove('zp-collapsed');
          w.__fold.revealedByScroll = true;
          clearInterval(timer);
        }
      });
    }
    if (li.classList.contains('zp-collapsed')) w.__fold.seenHidden = true;
  }, 20);
}

describe('choose() in a long Element Plus list', () => {
  it('picks an option that is found below the fold but not visible, by scrolling it into view', async () => {
    await loginAs(page, baseURL, 'unit', DEMO_PASSWORD);
    await page.goto(`${baseURL}/unit/applications`);
    const item = formItem(page, '状态');
    await visible(item.locator('.el-select__wrapper'));
    await page.evaluate(holdBelowFold, TARGET);

    await choose(page, '状态', TARGET);

    const fold = await page.evaluate(() => (window as unknown as { __fold: FoldState }).__fold);
    expect(fold).toEqual({ belowFold: true, seenHidden: true, revealedByScroll: true });
    // the select shows the choice with its dropdown closed, and the list was filtered by it
    await hasText(item.locator('.el-select__wrapper'), TARGET);
    expect(await item.locator('input[role="combobox"]').getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.locator('.el-select-dropdown').filter({ visible: true }).count(), WAIT).toBe(0);
  });
});
