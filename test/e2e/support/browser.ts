// What every browser test shares (issue 14): one way to start Debian Chromium, waits that poll
// for a state the user would see (never a fixed sleep), and Element Plus pickers resolved through
// the popper that belongs to the control just opened. Element Plus teleports every dropdown and
// message box to <body> and fades it out on close, so "the option named X anywhere on the page"
// can be the closing copy of the previous row's dropdown: always go through the owner's id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';
import { PHONE_CONTEXT } from './phone';

export const WAIT = { timeout: 15_000, interval: 100 };

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Where downloads land, when asked for. */
  downloadDir: string;
  close(): Promise<void>;
}

/** Headless Debian Chromium in a throw-away profile (no --user-data-dir in args: launchPersistentContext). */
export async function openBrowser(opts: { timezoneId?: string; downloads?: boolean; phone?: boolean } = {}): Promise<Browser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-profile-'));
  const downloadDir = opts.downloads ? fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-downloads-')) : '';
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    // a 390×844 touch phone (issue 11)
    ...(opts.phone ? PHONE_CONTEXT : {}),
    locale: 'zh-CN',
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    ...(opts.downloads ? { acceptDownloads: true, downloadsPath: downloadDir } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  context.setDefaultTimeout(WAIT.timeout);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    downloadDir,
    async close() {
      await context.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}

/** With ZHIPING_E2E_SHOTS=/some/dir, keeps screenshots of the main screens for a human to look at. */
export function screenshots(page: () => Page, prefix: string) {
  return async (name: string) => {
    const dir = process.env.ZHIPING_E2E_SHOTS;
    if (dir) await page().screenshot({ path: path.join(dir, `${prefix}-${name}.png`), fullPage: true });
  };
}

/**
 * A journey of steps that build on each other: after the first failure the later steps fail at
 * once (「前一步失败，本步未执行」) instead of each waiting for its timeout, and the page at the
 * failure is kept as `failure` when screenshots are on.
 */
export function journey(snap: (name: string) => Promise<void>) {
  let broken = false;
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || broken) return;
    broken = true;
    await snap('failure').catch(() => undefined);
  });
  return (name: string, fn: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async () => {
        if (broken) throw new Error('前一步失败，本步未执行');
        await fn();
      },
      timeout,
    );
}

// ---- waits (playwright-core has no expect of its own) ----

function pageOf(scope: Locator | Page): Page {
  return 'goto' in scope ? scope : scope.page();
}

/** The first visible match appears. */
export async function visible(loc: Locator, timeout = WAIT.timeout) {
  await loc.filter({ visible: true }).first().waitFor({ state: 'visible', timeout });
}

/** No element matches any more (role locators already skip hidden elements). */
export async function gone(loc: Locator) {
  await expect.poll(() => loc.count(), WAIT).toBe(0);
}

/** Nothing matching is visible (for teleported boxes that stay in the DOM once closed). */
export async function closed(loc: Locator) {
  await expect.poll(() => loc.filter({ visible: true }).count(), WAIT).toBe(0);
}

export async function hasText(loc: Locator, wanted: string | RegExp, timeout = WAIT.timeout) {
  const read = () => loc.first().innerText({ timeout });
  const opts = { ...WAIT, timeout };
  if (typeof wanted === 'string') await expect.poll(read, opts).toContain(wanted);
  else await expect.poll(read, opts).toMatch(wanted);
}

export async function hasValue(loc: Locator, wanted: string) {
  await expect.poll(() => loc.inputValue(), WAIT).toBe(wanted);
}

/** A box on screen once it has stopped moving (a dialog's opening animation has ended). */
export async function settledBox(loc: Locator) {
  let last = '';
  let box: { x: number; y: number; width: number; height: number } | null = null;
  await expect
    .poll(async () => {
      box = await loc.boundingBox();
      const now = JSON.stringify(box);
      const still = box !== null && now === last;
      last = now;
      return still;
    }, WAIT)
    .toBe(true);
  return box!;
}

// ---- Element Plus controls ----

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The form item whose label reads exactly `label`. */
export function formItem(scope: Locator | Page, label: string): Locator {
  const exact = new RegExp(`^${escapeRegExp(label)}$`);
  return scope.locator('.el-form-item').filter({ has: pageOf(scope).locator('.el-form-item__label', { hasText: exact }) });
}

/**
 * Picks `option` in the el-select of the form item labelled `label`. The select's combobox input
 * names its own listbox (aria-controls); the option is looked for inside that listbox only, and
 * the pick is done when the dropdown has closed and the select shows the choice.
 *
 * Under load the option can be found but not visible: the dropdown is still fading in, or it was
 * closed again by a re-render, or the list has scrolled it away. Each round therefore looks at
 * the state the control is in and does the one thing that moves it on (open the dropdown, scroll
 * the option into view, click it), until the select shows the choice with its dropdown closed.
 */
export async function choose(scope: Locator | Page, label: string, option: string | RegExp) {
  const item = formItem(scope, label);
  const combobox = item.locator('input[role="combobox"]');
  const wrapper = item.locator('.el-select__wrapper');
  const shows = async () => {
    const text = (await wrapper.innerText()).trim();
    return typeof option === 'string' ? text === option : option.test(text);
  };
  await expect
    .poll(
      async () => {
        const expanded = (await combobox.getAttribute('aria-expanded')) === 'true';
        if (!expanded && (await shows())) return true;
        if (!expanded) {
          await wrapper.click();
          return false;
        }
        const listId = await combobox.getAttribute('aria-controls');
        expect(listId, `「${label}」的下拉框没有 aria-controls`).toBeTruthy();
        const opt = pageOf(scope).locator(`[id="${listId}"]`).getByRole('option', { name: option, exact: typeof option === 'string' });
        if ((await opt.count()) === 0) return false;
        if (!(await opt.isVisible())) {
          await opt.scrollIntoViewIfNeeded({ timeout: 1_000 }).catch(() => undefined);
          return false;
        }
        await opt.click({ timeout: 2_000 }).catch(() => undefined);
        return false;
      },
      { ...WAIT, interval: 150 },
    )
    .toBe(true);
}

/** A message box (ElMessageBox) — the one on screen — confirmed by its button; waits until it has gone. */
export async function confirmBox(page: Page, button: string, text?: string | RegExp) {
  const box = page.locator('.el-message-box').filter({ visible: true });
  await expect.poll(() => box.count(), WAIT).toBe(1);
  if (text) await hasText(box, text);
  await box.getByRole('button', { name: button, exact: true }).click();
  await closed(page.locator('.el-message-box'));
}

/** Signs in through the login page as a person would (cookies of the last user cleared first). */
export async function loginAs(page: Page, baseURL: string, username: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${baseURL}/login`);
  await page.getByLabel('身份证号或账号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
