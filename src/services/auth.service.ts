// Registration, login and sessions. Passwords are argon2id hashes; the session token is random and
// only its SHA-256 is stored, so a database leak does not leak live sessions.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor, Role } from '../domain/access';
import { MESSAGES, Refused } from '../domain/errors';
import { parseIdNumber, whyNotValidIdNumber } from '../domain/id-card';
import { hashPassword, verifyPassword } from '../auth/password';
import { writeAudit } from './audit';
import { whyBanned } from './integrity.service';
import type { ServiceContext } from './service-context';

const SESSION_DAYS = 7;

export interface RegisterInput {
  idNumber: string;
  name: string;
  mobile: string;
  password: string;
}

export async function register(ctx: ServiceContext, input: RegisterInput, ip?: string) {
  const idNumber = input.idNumber.trim().toUpperCase();
  const name = input.name.trim();
  const errors: { field: string; message: string }[] = [];
  const idProblem = whyNotValidIdNumber(idNumber);
  if (idProblem) errors.push({ field: 'idNumber', message: idProblem });
  if (!name) errors.push({ field: 'name', message: '请填写姓名' });
  else if (name.length > 50) errors.push({ field: 'name', message: '姓名不能超过50个字' });
  if (!/^1[3-9]\d{9}$/.test(input.mobile.trim())) errors.push({ field: 'mobile', message: '请填写11位手机号码' });
  if (input.password.length < 8) errors.push({ field: 'password', message: '密码至少8位' });
  if (errors.length) throw new Refused('INVALID_INPUT', errors[0].message, errors);
  // I1: registration says why a banned ID cannot apply, before anything is stored
  const banned = await whyBanned(ctx.db, idNumber, ctx.now());
  if (banned) throw new Refused('INTEGRITY_BAN', banned, [{ field: 'idNumber', message: banned }]);

  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('appUser').select('id').where('username', '=', idNumber).executeTakeFirst();
    if (existing) {
      throw new Refused('ALREADY_EXISTS', '该身份证号已注册，请直接登录；忘记密码请联系推荐单位', [
        { field: 'idNumber', message: '该身份证号已注册' },
      ]);
    }
    const user = await trx
      .insertInto('appUser')
      .values({ username: idNumber, displayName: name, idNumber, mobile: input.mobile.trim(), passwordHash })
      .returning(['id', 'username', 'displayName'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('membership').values({ userId: user.id, organisationId: null, role: 'applicant' }).execute();
    await writeAudit(trx, {
      actorId: user.id,
      action: 'register',
      detail: { birthDate: parseIdNumber(idNumber)?.birthDate ?? null },
      ip,
      at: ctx.now(),
    });
    return user;
  });
}

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function login(ctx: ServiceContext, username: string, password: string, ip?: string) {
  const key = username.trim();
  const user = await ctx.db
    .selectFrom('appUser')
    .select(['id', 'passwordHash'])
    .where((eb) => eb.or([eb('username', '=', key), eb('username', '=', key.toUpperCase())]))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) throw new Refused('BAD_CREDENTIALS', MESSAGES.badCredentials);
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('session')
      .values({ tokenHash: tokenHash(token), userId: user.id, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86400_000) })
      .execute();
    await writeAudit(trx, { actorId: user.id, action: 'login', ip, at: now });
  });
  return { token, userId: user.id };
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('session').where('tokenHash', '=', tokenHash(token)).execute();
}

export interface SessionUser extends Actor {
  username: string;
  idNumber: string | null;
  memberships: Array<{ role: Role; organisationId: number | null; organisationName: string | null }>;
}

export async function actorFromToken(db: Kysely<DB>, token: string, now: Date): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('session')
    .innerJoin('appUser', 'appUser.id', 'session.userId')
    .select(['appUser.id', 'appUser.username', 'appUser.displayName', 'appUser.idNumber', 'session.expiresAt'])
    .where('session.tokenHash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || new Date(row.expiresAt) < now) return null;
  return loadActor(db, row.id);
}

export async function loadActor(db: Kysely<DB>, userId: number): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'idNumber'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const memberships = await db
    .selectFrom('membership')
    .leftJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select(['membership.role', 'membership.organisationId', 'organisation.name as organisationName'])
    .where('membership.userId', '=', userId)
    .orderBy('membership.role')
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    idNumber: user.idNumber,
    memberships: memberships.map((m) => ({ role: m.role, organisationId: m.organisationId, organisationName: m.organisationName })),
  };
}
