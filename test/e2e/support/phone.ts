// Phones in the browser tests (issue 11): a 390×844 touch screen, a layout check measured from the
// element boxes the browser laid out, screenshots kept under test-results/, and a watch on the
// console for errors a user never sees but that mean something went wrong.
import fs from 'node:fs';
import path from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { expect } from 'vitest';

/** An iPhone 12–15 sized screen in CSS pixels. */
export const PHONE = { width: 390, height: 844 };

/** Launch options that make Chromium a phone: viewport, touch, mobile viewport meta honoured. */
export const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

const root = path.resolve(import.meta.dirname, '..', '..', '..');
/** Where phone screenshots go (test output, not committed); ZHIPING_E2E_SHOTS overrides. */
export const PHONE_SHOTS_DIR = process.env.ZHIPING_E2E_SHOTS ?? path.join(root, 'test-results', 'e2e-phone');

export function phoneShots(page: () => Page, prefix: string) {
  fs.mkdirSync(PHONE_SHOTS_DIR, { recursive: true });
  return async (name: string, fullPage = true) => {
    await page().screenshot({ path: path.join(PHONE_SHOTS_DIR, `${prefix}-${name}.png`), fullPage });
  };
}

/**
 * What is wrong with the page's layout on this screen, as readable lines (empty = fine):
 * - the document is wider than the viewport (sideways scrolling);
 * - a visible element reaches past the viewport's left or right edge, unless an ancestor that
 *   scrolls or clips it (a table body, a tab bar) keeps it inside;
 * - an input or textarea is narrower than its text (value, or placeholder while empty), or a
 *   select shows its choice cut off;
 * - the top bar wraps (taller than one line).
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).placeholder ?? '';
      const text = (el.textContent ?? '').trim().slice(0, 24);
      return `<${el.tagName.toLowerCase()} class="${(el.getAttribute('class') ?? '').slice(0, 60)}">${label || text}`;
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const cs = getComputedStyle(el);
      return cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
    };
    // An inner scroller (a table body, a tab bar) narrower than the screen may hold wide content;
    // a full-width one (a dialog's overlay) is the page itself, so what it hides sideways is lost.
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (cs.overflowX !== 'visible') {
          const r = a.getBoundingClientRect();
          if (r.left >= -1 && r.right <= vw + 1 && r.width < vw - 2) return true;
        }
      }
      return false;
    };

    const sw = document.documentElement.scrollWidth;
    if (sw > vw + 1) out.push(`页面宽 ${sw}px，超出屏幕 ${vw}px`);
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if ((r.right > vw + 1 || r.left < -1) && !clipped(el)) out.push(`超出屏幕（${Math.round(r.left)}–${Math.round(r.right)}px）：${name(el)}`);
    }

    const canvas = document.createElement('canvas').getContext('2d')!;
    const textWidth = (el: Element, text: string) => {
      const cs = getComputedStyle(el);
      canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      return canvas.measureText(text).width;
    };
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      if (!shown(el) || ['hidden', 'file', 'radio', 'checkbox'].includes(el.type)) continue;
      // an el-select's own input is only for typing a filter; its choice is checked below
      if (el.closest('.el-select')) continue;
      const cs = getComputedStyle(el);
      const inner = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (el.tagName === 'TEXTAREA') {
        if (inner < parseFloat(cs.fontSize) * 10) out.push(`多行输入框只有 ${Math.round(inner)}px 宽：${name(el)}`);
        continue;
      }
      const text = el.value || el.placeholder;
      const need = textWidth(el, text);
      if (inner + 1 < need) out.push(`输入框 ${Math.round(inner)}px，比其文字（${Math.round(need)}px）窄：${name(el)}「${text}」`);
    }
    for (const el of document.querySelectorAll('.el-select__selected-item, .el-select__placeholder')) {
      if (!shown(el)) continue;
      const span = el.querySelector('span') ?? el;
      if (span.scrollWidth > el.clientWidth + 1 && (span.textContent ?? '').trim()) out.push(`下拉框文字被截断：「${(span.textContent ?? '').trim()}」`);
    }
    const bar = document.querySelector('.topbar');
    if (bar && shown(bar) && bar.scrollHeight > bar.clientHeight + 1) out.push(`顶栏折行（内容高 ${bar.scrollHeight}px，顶栏 ${bar.clientHeight}px）`);
    return out;
  });
}

/** Asserts a clean layout, naming every problem found. */
export async function fitsThePhone(page: Page, where: string) {
  expect(await layoutProblems(page), `${where}：手机布局问题`).toEqual([]);
}

/**
 * Collects what a user would never see but a developer would call a bug: uncaught exceptions
 * (pageerror, including unhandled promise rejections) and console errors. Chromium itself logs
 * every 4xx answer as 「Failed to load resource」; a refused action the page explains in place is
 * such an answer and allowed, except on the session probe, which must never fail for a signed-out
 * page. 5xx answers are never allowed.
 */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`未捕获的错误：${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const url = m.location().url ?? '';
    const network = /^Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    if (network && Number(network[1]) < 500 && !/\/api\/(me|auth\/session)\b/.test(url)) return;
    errors.push(`控制台错误：${m.text()} ${url}`);
  });
  return {
    errors,
    assertNone(where: string) {
      expect(errors, `${where}：浏览器控制台有错误`).toEqual([]);
    },
  };
}
