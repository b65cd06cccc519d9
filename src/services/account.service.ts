// Passwords after registration: a user changes their own; an administrator resets someone's to a
// one-time password; the command line creates the first bureau administrator (issue 9, items 2–3).
// A one-time password lets its user do nothing but choose their own (session.plugin.ts).
import crypto from 'node:crypto';
import { MESSAGES, Refused } from '../domain/errors';
import { oneTimePassword, whyNotAcceptablePassword } from '../domain/password-policy';
import { hashPassword, verifyPassword } from '../auth/password';
import { writeAudit } from './audit';
import { startSession } from './auth.service';
import type { ServiceContext } from './service-context';

/** The administrator's home: the bureau organisation of the reference data (src/db/seed.ts). */
export const BUREAU_ORG_CODE = 'bureau';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** Checks the current password, applies the policy, ends every session of the user and opens a new one. */
export async function changePassword(ctx: ServiceContext, userId: number, input: ChangePasswordInput, ip?: string): Promise<{ token: string }> {
  const user = await ctx.db.selectFrom('appUser').select(['id', 'username', 'idNumber', 'passwordHash']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new Refused('UNAUTHENTICATED', MESSAGES.unauthenticated);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new Refused('INVALID_INPUT', '当前密码不正确', [{ field: 'currentPassword', message: '当前密码不正确' }]);
  }
  const weak =
    whyNotAcceptablePassword(input.newPassword, { username: user.username, idNumber: user.idNumber }) ??
    (input.newPassword === input.currentPassword ? '新密码不能与当前密码相同' : null);
  if (weak) throw new Refused('WEAK_PASSWORD', weak, [{ field: 'newPassword', message: weak }]);
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('appUser').set({ passwordHash, isPasswordTemporary: false }).where('id', '=', userId).execute();
    // Sessions opened with the old password (on another device, or by someone who knew it) end here.
    await trx.deleteFrom('session').where('userId', '=', userId).execute();
    const token = await startSession(ctx, trx, userId);
    await writeAudit(trx, { actorId: userId, action: 'password_change', ip, at: ctx.now() });
    return { token };
  });
}

/**
 * An administrator (`adminId`; null from the command line) gives `username` a one-time password;
 * their sessions end. Returns the password to hand over.
 */
export async function resetPassword(ctx: ServiceContext, adminId: number | null, username: string, ip?: string): Promise<{ username: string; password: string }> {
  const user = await ctx.db
    .selectFrom('appUser')
    .select(['id', 'username'])
    .where((eb) => eb.or([eb('username', '=', username.trim()), eb('username', '=', username.trim().toUpperCase())]))
    .executeTakeFirst();
  if (!user) throw new Refused('NOT_FOUND', `没有用户名为“${username.trim()}”的账号`);
  const password = oneTimePassword(crypto.randomBytes(12));
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('appUser').set({ passwordHash, isPasswordTemporary: true }).where('id', '=', user.id).execute();
    await trx.deleteFrom('session').where('userId', '=', user.id).execute();
    // A reset also lifts a login lock on the account, so that the user can use the new password at once.
    await trx.deleteFrom('loginThrottle').where('key', '=', `account:${user.username.toUpperCase()}`).execute();
    await writeAudit(trx, { actorId: adminId, action: 'password_reset', detail: { userId: user.id, username: user.username }, ip, at: ctx.now() });
  });
  return { username: user.username, password };
}

/**
 * The first (or another) bureau administrator, from the command line: no account exists in a
 * production database until this runs. Returns the one-time password to print.
 */
export async function createAdministrator(ctx: ServiceContext, username: string, displayName = '州人社局管理员'): Promise<{ userId: number; password: string }> {
  const name = username.trim();
  if (!/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(name)) {
    throw new Refused('INVALID_INPUT', '用户名须以字母开头，由3—32位字母、数字、下划线、点或连字符组成');
  }
  const bureau = await ctx.db.selectFrom('organisation').select('id').where('code', '=', BUREAU_ORG_CODE).executeTakeFirst();
  if (!bureau) throw new Refused('NOT_FOUND', '数据库中没有州人社局（基础数据未初始化），请先启动一次系统');
  const password = oneTimePassword(crypto.randomBytes(12));
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('appUser').select('id').where('username', '=', name).executeTakeFirst();
    if (taken) throw new Refused('ALREADY_EXISTS', `用户名“${name}”已被使用`);
    const user = await trx
      .insertInto('appUser')
      .values({ username: name, displayName, idNumber: null, mobile: null, passwordHash, isPasswordTemporary: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('membership').values({ userId: user.id, organisationId: bureau.id, role: 'bureau_admin' }).execute();
    await writeAudit(trx, { actorId: null, action: 'admin_create', detail: { userId: user.id, username: name, via: 'cli' }, at: ctx.now() });
    return { userId: user.id, password };
  });
}
