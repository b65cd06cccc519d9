// Sessions and login limits (issue 9, item 3). Each limit is declared once, with its Chinese title,
// like the review-year policy in ./policy.ts; these hold for the whole server, not per review year.
// The throttle rules are pure: state and time in, new state out; the service stores the state in
// login_throttle inside one transaction, so every process sees the same counts.

interface Limit {
  /** Chinese title, shown to administrators and in the README. */
  title: string;
  value: number;
}

export const ACCOUNT_SECURITY = {
  session_idle_minutes: { title: '会话空闲超时（分钟）：超过此时间无操作须重新登录', value: 30 },
  session_absolute_days: { title: '会话最长有效期（天）：无论是否操作，到期须重新登录', value: 7 },
  login_account_failures: { title: '同一账号连续登录失败多少次后暂停登录', value: 5 },
  login_ip_failures: { title: '同一IP地址登录失败多少次后暂停登录', value: 20 },
  login_lock_first_minutes: { title: '首次暂停登录时长（分钟），此后每再失败一次加倍', value: 5 },
  login_lock_max_minutes: { title: '暂停登录最长时长（分钟）', value: 60 },
  login_failures_forget_minutes: { title: '暂停结束后多少分钟内无失败即清零失败次数', value: 60 },
} as const satisfies Record<string, Limit>;

const MINUTE = 60_000;
export const SESSION_IDLE_MS = ACCOUNT_SECURITY.session_idle_minutes.value * MINUTE;
export const SESSION_ABSOLUTE_MS = ACCOUNT_SECURITY.session_absolute_days.value * 24 * 60 * MINUTE;
/** last_seen_at is written at most this often, so that a busy page does not write on every request. */
export const SESSION_TOUCH_MS = MINUTE;

export function isSessionOver(s: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return s.expiresAt.getTime() <= now.getTime() || now.getTime() - s.lastSeenAt.getTime() > SESSION_IDLE_MS;
}

export interface ThrottleState {
  /** Attempts not followed by a success (an attempt counts before its password is checked). */
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export interface ThrottleLimit {
  /** The attempt that reaches this count starts the first lock. */
  failures: number;
  firstLockMs: number;
  maxLockMs: number;
  /** Quiet time after the last failure (or the end of the lock) that clears the count. */
  forgetMs: number;
}

const common = {
  firstLockMs: ACCOUNT_SECURITY.login_lock_first_minutes.value * MINUTE,
  maxLockMs: ACCOUNT_SECURITY.login_lock_max_minutes.value * MINUTE,
  forgetMs: ACCOUNT_SECURITY.login_failures_forget_minutes.value * MINUTE,
};
export const ACCOUNT_LIMIT: ThrottleLimit = { failures: ACCOUNT_SECURITY.login_account_failures.value, ...common };
export const IP_LIMIT: ThrottleLimit = { failures: ACCOUNT_SECURITY.login_ip_failures.value, ...common };

export const NO_FAILURES: ThrottleState = { failures: 0, lastFailureAt: null, lockedUntil: null };

/** End of the lock if the key is locked at `now`, else null. */
export function lockedUntil(s: ThrottleState, now: Date): Date | null {
  return s.lockedUntil && s.lockedUntil.getTime() > now.getTime() ? s.lockedUntil : null;
}

/**
 * An attempt on an unlocked key: counted as a failure at once (a success gives it back), so that
 * many parallel guesses cannot all pass before the first one is counted. From `limit.failures` on,
 * each attempt locks the key, for twice as long as the one before, up to the maximum.
 */
export function countAttempt(s: ThrottleState, limit: ThrottleLimit, now: Date): ThrottleState {
  const quietSince = Math.max(s.lastFailureAt?.getTime() ?? 0, s.lockedUntil?.getTime() ?? 0);
  const before = now.getTime() - quietSince > limit.forgetMs ? 0 : s.failures;
  const failures = before + 1;
  if (failures < limit.failures) return { failures, lastFailureAt: now, lockedUntil: null };
  const lockMs = Math.min(limit.maxLockMs, limit.firstLockMs * 2 ** Math.min(failures - limit.failures, 20));
  return { failures, lastFailureAt: now, lockedUntil: new Date(now.getTime() + lockMs) };
}

/** A success gives back the attempt counted for it, and lifts a lock that attempt started. */
export function refundAttempt(s: ThrottleState, limit: ThrottleLimit): ThrottleState {
  const failures = Math.max(0, s.failures - 1);
  return { failures, lastFailureAt: s.lastFailureAt, lockedUntil: failures < limit.failures ? null : s.lockedUntil };
}

/** Attempts left before the lock, to warn the user; null while the count is far from it. */
export function attemptsLeft(s: ThrottleState, limit: ThrottleLimit): number | null {
  const left = limit.failures - s.failures;
  return left > 0 && left <= 2 ? left : null;
}

/** 「登录失败次数过多，请于 14:35 后重试」, in Beijing time. */
export function lockedMessage(until: Date): string {
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    // rounded up: "after 14:35" must not be earlier than the lock's end
    new Date(Math.ceil(until.getTime() / MINUTE) * MINUTE),
  );
  return `登录失败次数过多，请于 ${hhmm} 后重试`;
}
