// Password policy (issue 9, item 3), checked by the server whenever a password is chosen
// (registration, change); one-time passwords are generated to pass it. Shared with the web forms.
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordOwner {
  username: string;
  idNumber?: string | null;
}

/** Chinese reason the password cannot be used, or null. */
export function whyNotAcceptablePassword(password: string, owner: PasswordOwner): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过${PASSWORD_MAX_LENGTH}位`;
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字';
  const lower = password.toLowerCase();
  const username = owner.username.trim().toLowerCase();
  // Short account names (unit, hr) are not searched for inside longer passwords.
  if (username && (lower === username || (username.length >= 4 && lower.includes(username)))) return '密码不能包含用户名';
  const id = owner.idNumber?.trim().toLowerCase();
  // The ID number, and its last six characters, a widespread default password in China.
  if (id && (lower.includes(id) || (id.length >= 6 && lower.includes(id.slice(-6))))) return '密码不能包含身份证号或其后六位';
  if (COMMON_PASSWORDS.has(lower)) return '该密码过于常见，容易被猜中，请换一个';
  return null;
}

const ONE_TIME_LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const ONE_TIME_DIGITS = '23456789';

/**
 * A one-time password from `random` bytes (crypto.randomBytes at the caller): 12 characters without
 * look-alikes (0/O, 1/l/I), at least one letter and one digit, so it passes the policy.
 */
export function oneTimePassword(random: Uint8Array): string {
  const all = ONE_TIME_LETTERS + ONE_TIME_DIGITS;
  const chars = Array.from(random.slice(0, 12), (b, i) =>
    i === 0 ? ONE_TIME_LETTERS[b % ONE_TIME_LETTERS.length] : i === 1 ? ONE_TIME_DIGITS[b % ONE_TIME_DIGITS.length] : all[b % all.length],
  );
  if (chars.length < 12) throw new Error('oneTimePassword needs 12 random bytes');
  return chars.join('');
}
