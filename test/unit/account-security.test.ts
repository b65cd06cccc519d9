// Login limits, sessions, password policy and demo mode (issue 9, items 2 and 3): pure rules.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LIMIT,
  attemptsLeft,
  countAttempt,
  IP_LIMIT,
  isSessionOver,
  lockedMessage,
  lockedUntil,
  NO_FAILURES,
  refundAttempt,
  type ThrottleState,
} from '../../src/domain/account-security';
import { oneTimePassword, whyNotAcceptablePassword } from '../../src/domain/password-policy';
import { demoModeFromEnv } from '../../src/domain/demo-mode';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/db/seed';

const T0 = new Date('2026-03-02T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function attempts(n: number, s: ThrottleState = NO_FAILURES, when = T0): ThrottleState {
  for (let i = 0; i < n; i++) s = countAttempt(s, ACCOUNT_LIMIT, when);
  return s;
}

describe('login throttle', () => {
  it('lets four attempts pass and locks the account for 5 minutes with the fifth', () => {
    expect(lockedUntil(attempts(4), T0)).toBeNull();
    expect(attemptsLeft(attempts(3), ACCOUNT_LIMIT)).toBe(2);
    expect(lockedUntil(attempts(5), T0)).toEqual(at(5));
  });

  it('doubles the lock with each further failure, up to one hour', () => {
    let s = attempts(5);
    const locks: number[] = [];
    let t = 5;
    for (let i = 0; i < 6; i++) {
      s = countAttempt(s, ACCOUNT_LIMIT, at(t));
      const until = lockedUntil(s, at(t))!;
      locks.push((until.getTime() - at(t).getTime()) / 60_000);
      t = (until.getTime() - T0.getTime()) / 60_000;
    }
    expect(locks).toEqual([10, 20, 40, 60, 60, 60]);
  });

  it('forgets failures after an hour without one, counted from the end of the lock', () => {
    const locked = attempts(5); // until +5 min
    expect(countAttempt(locked, ACCOUNT_LIMIT, at(64)).failures).toBe(6);
    expect(countAttempt(locked, ACCOUNT_LIMIT, at(66)).failures).toBe(1);
  });

  it('gives a successful attempt back, lifting the lock it started', () => {
    const s = attempts(20, NO_FAILURES);
    const ip = [...Array(20)].reduce<ThrottleState>((x) => countAttempt(x, IP_LIMIT, T0), NO_FAILURES);
    expect(lockedUntil(ip, T0)).not.toBeNull();
    expect(lockedUntil(refundAttempt(ip, IP_LIMIT), T0)).toBeNull();
    expect(refundAttempt(s, ACCOUNT_LIMIT).failures).toBe(19);
  });

  it('says in Chinese when to retry, in Beijing time, rounded up to the minute', () => {
    expect(lockedMessage(new Date('2026-03-02T06:34:10Z'))).toBe('登录失败次数过多，请于 14:35 后重试');
  });

  it('ends a session after 30 minutes without a request, or at its absolute end', () => {
    const s = { expiresAt: at(7 * 24 * 60), lastSeenAt: T0 };
    expect(isSessionOver(s, at(30))).toBe(false);
    expect(isSessionOver(s, at(31))).toBe(true);
    expect(isSessionOver({ expiresAt: at(10), lastSeenAt: at(9) }, at(10))).toBe(true);
  });
});

describe('password policy', () => {
  const owner = { username: '654002198503122020', idNumber: '654002198503122020' };
  it.each([
    ['Ab12345', '密码至少8位'],
    ['abcdefghij', '密码须同时包含字母和数字'],
    ['1234567890', '密码须同时包含字母和数字'],
    ['x654002198503122020', '密码不能包含用户名'],
    ['abc122020', '密码不能包含身份证号或其后六位'],
    ['Password1', '该密码过于常见，容易被猜中，请换一个'],
    ['woaini1314', '该密码过于常见，容易被猜中，请换一个'],
  ])('refuses %s: %s', (password, why) => {
    expect(whyNotAcceptablePassword(password, owner)).toBe(why);
  });

  it('refuses a password containing an account name of four characters or more', () => {
    expect(whyNotAcceptablePassword('bureau2026x', { username: 'bureau' })).toBe('密码不能包含用户名');
    expect(whyNotAcceptablePassword('hr2026abcd', { username: 'hr' })).toBeNull();
  });

  it('accepts the demo password for every demo account, and generated one-time passwords', () => {
    for (const a of DEMO_ACCOUNTS) expect(whyNotAcceptablePassword(DEMO_PASSWORD, { username: a.username, idNumber: a.role === 'applicant' ? a.username : null })).toBeNull();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword(crypto.randomBytes(12));
      expect(p).toHaveLength(12);
      expect(whyNotAcceptablePassword(p, { username: 'chief' })).toBeNull();
    }
  });
});

describe('demo mode', () => {
  it.each([
    [{}, false, false],
    [{ ZHIPING_DEMO: '0' }, false, false],
    [{ ZHIPING_DEMO: '1' }, true, false],
    [{ ZHIPING_DEMO: '1', DATABASE_URL: 'postgres://x/y' }, false, true],
    [{ DATABASE_URL: 'postgres://x/y' }, false, false],
  ])('%o → demo %s', (env, demo, ignored) => {
    expect(demoModeFromEnv(env)).toEqual({ demo, ignored });
  });
});
