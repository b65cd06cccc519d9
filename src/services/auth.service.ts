// Registration, login and sessions. Passwords are argon2id hashes; the session token is random and
// only its SHA-256 is stored, so a database leak does not leak live sessions.
import crypto from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor, Role } from '../domain/access';
import { MESSAGES, Refused } from '../domain/errors';
import { parseIdNumber, whyNotValidIdNumber } from '../domain/id-card';
import { hashPassword, verifyPassword } from '../auth/password';
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
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_TOUCH_MS,
  type ThrottleLimit,
  type ThrottleState,
} from '../domain/account-security';
import { whyNotAcceptablePassword } from '../domain/password-policy';
import { writeAudit } from './audit';
import type { ServiceContext } from './service-context';

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
  const weak = whyNotAcceptablePassword(input.password, { username: idNumber, idNumber });
  if (weak) errors.push({ field: 'password', message: weak });
  if (errors.length) throw new Refused('INVALID_INPUT', errors[0].message, errors);

  // Issue 9 item 4: the answer is the same whether or not the ID number is registered, and an
  // integrity ban (I1) is not looked at here: anyone can type someone else's ID number. The ban is
  // told to its owner once signed in, when they create or submit a declaration. The password is
  // hashed in both cases, so both take as long.
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('appUser').select('id').where('username', '=', idNumber).executeTakeFirst();
    if (existing) {
      // The account stays as it is; the attempt is on record for the bureau.
      await writeAudit(trx, { actorId: null, action: 'register_existing', detail: { userId: existing.id }, ip, at: ctx.now() });
      return;
    }
    const user = await trx
      .insertInto('appUser')
      .values({ username: idNumber, displayName: name, idNumber, mobile: input.mobile.trim(), passwordHash })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('membership').values({ userId: user.id, organisationId: null, role: 'applicant' }).execute();
    await writeAudit(trx, {
      actorId: user.id,
      action: 'register',
      detail: { birthDate: parseIdNumber(idNumber)?.birthDate ?? null },
      ip,
      at: ctx.now(),
    });
  });
  return { message: MESSAGES.registered };
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Throttle keys: the account name as typed (whether or not it exists, so a lock reveals nothing), and the address. */
function throttleKeys(username: string, ip: string | undefined) {
  return { account: `account:${username.trim().toUpperCase()}`, ip: ip ? `ip:${ip}` : null };
}

type Throttled = { key: string; limit: ThrottleLimit; state: ThrottleState };

/**
 * Counts one login attempt on the account and the address before the password is checked, in one
 * transaction with the rows locked, so parallel guesses and other processes see the same counts.
 * Refuses (nothing written) while either key is locked.
 */
async function countLoginAttempt(ctx: ServiceContext, keys: { account: string; ip: string | null }, now: Date): Promise<Throttled[]> {
  const wanted: Array<{ key: string; limit: ThrottleLimit }> = [{ key: keys.account, limit: ACCOUNT_LIMIT }];
  if (keys.ip) wanted.push({ key: keys.ip, limit: IP_LIMIT });
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('loginThrottle')
      .values(wanted.map((w) => ({ key: w.key })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('loginThrottle')
      .select(['key', 'failures', 'lastFailureAt', 'lockedUntil'])
      .where('key', 'in', wanted.map((w) => w.key))
      .orderBy('key')
      .forUpdate()
      .execute();
    // A row can be gone by now: a parallel sign-in from the same address that succeeded deletes it
    // once its failures are back to 0 (many people behind one address at the deadline). Gone = none.
    const states = wanted.map((w) => {
      const r = rows.find((x) => x.key === w.key);
      return { ...w, state: r ? { failures: r.failures, lastFailureAt: r.lastFailureAt, lockedUntil: r.lockedUntil } : NO_FAILURES };
    });
    const until = states.map((s) => lockedUntil(s.state, now)).filter((d): d is Date => d !== null);
    if (until.length) {
      const latest = new Date(Math.max(...until.map((d) => d.getTime())));
      throw new Refused('LOGIN_LOCKED', lockedMessage(latest));
    }
    const counted = states.map((s) => ({ ...s, state: countAttempt(s.state, s.limit, now) }));
    for (const c of counted) {
      await trx
        .insertInto('loginThrottle')
        .values({ key: c.key, ...c.state })
        .onConflict((oc) => oc.column('key').doUpdateSet(c.state))
        .execute();
    }
    return counted;
  });
}

export async function login(ctx: ServiceContext, username: string, password: string, ip?: string) {
  const key = username.trim();
  const now = ctx.now();
  const counted = await countLoginAttempt(ctx, throttleKeys(key, ip), now);
  const user = await ctx.db
    .selectFrom('appUser')
    .select(['id', 'passwordHash', 'active'])
    .where((eb) => eb.or([eb('username', '=', key), eb('username', '=', key.toUpperCase())]))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    // Every failure is audited; so is the failure that starts a lock, with the lock's end.
    const locks = counted.filter((c) => lockedUntil(c.state, now));
    await ctx.db.transaction().execute(async (trx) => {
      await writeAudit(trx, { actorId: user?.id ?? null, action: 'login_failed', detail: { username: key.slice(0, 64) }, ip, at: now });
      for (const l of locks) {
        await writeAudit(trx, {
          actorId: user?.id ?? null,
          action: 'login_locked',
          detail: { scope: l.limit === ACCOUNT_LIMIT ? 'account' : 'ip', username: key.slice(0, 64), failures: l.state.failures, until: l.state.lockedUntil!.toISOString() },
          ip,
          at: now,
        });
      }
    });
    if (locks.length) throw new Refused('LOGIN_LOCKED', lockedMessage(new Date(Math.max(...locks.map((l) => l.state.lockedUntil!.getTime())))));
    const left = attemptsLeft(counted[0].state, ACCOUNT_LIMIT);
    throw new Refused('BAD_CREDENTIALS', left ? `${MESSAGES.badCredentials}；再失败${left}次将暂停登录` : MESSAGES.badCredentials);
  }
  if (!user.active) {
    // Told only after the right password, so the account's state tells a guesser nothing (issue 10).
    await ctx.db.transaction().execute((trx) => writeAudit(trx, { actorId: user.id, action: 'login_disabled', ip, at: now }));
    throw new Refused('ACCOUNT_DISABLED', MESSAGES.accountDisabled);
  }
  const token = crypto.randomBytes(32).toString('base64url');
  await ctx.db.transaction().execute(async (trx) => {
    for (const c of counted) {
      // The account starts afresh; the address only gets this attempt back (many people share one),
      // from its current row: failures counted meanwhile by parallel attempts stay counted.
      const current = await trx
        .selectFrom('loginThrottle')
        .select(['failures', 'lastFailureAt', 'lockedUntil'])
        .where('key', '=', c.key)
        .forUpdate()
        .executeTakeFirst();
      const left = c.limit === ACCOUNT_LIMIT || !current ? NO_FAILURES : refundAttempt(current, c.limit);
      if (left.failures === 0) await trx.deleteFrom('loginThrottle').where('key', '=', c.key).execute();
      else await trx.updateTable('loginThrottle').set(left).where('key', '=', c.key).execute();
    }
    await deleteExpired(trx, now);
    await trx
      .insertInto('session')
      .values({ tokenHash: tokenHash(token), userId: user.id, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), lastSeenAt: now })
      .execute();
    await writeAudit(trx, { actorId: user.id, action: 'login', ip, at: now });
  });
  return { token, userId: user.id };
}

/** Ended sessions and forgotten login counts, removed at each login rather than kept forever. */
async function deleteExpired(trx: Kysely<DB>, now: Date): Promise<void> {
  await deleteEndedSessions(trx, now);
  const forgotten = new Date(now.getTime() - ACCOUNT_LIMIT.forgetMs);
  await trx
    .deleteFrom('loginThrottle')
    .where((eb) => eb.and([eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', forgotten)]), eb.or([eb('lastFailureAt', 'is', null), eb('lastFailureAt', '<', forgotten)])]))
    .execute();
}

/** Deletes the sessions that are over (absolute or idle); also run by the daily collection (issue 9 item 12). */
export async function deleteEndedSessions(db: Kysely<DB>, now: Date): Promise<number> {
  const res = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<', new Date(now.getTime() - SESSION_IDLE_MS))]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** A new session for a user who just proved who they are (after a password change). */
export async function startSession(ctx: ServiceContext, trx: Kysely<DB>, userId: number): Promise<string> {
  const now = ctx.now();
  const token = crypto.randomBytes(32).toString('base64url');
  await trx
    .insertInto('session')
    .values({ tokenHash: tokenHash(token), userId, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), lastSeenAt: now })
    .execute();
  return token;
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.db.deleteFrom('session').where('tokenHash', '=', tokenHash(token)).execute();
}

export interface SessionUser extends Actor {
  username: string;
  idNumber: string | null;
  /** Signed in with a one-time password: only the password change is allowed. */
  isPasswordTemporary: boolean;
  memberships: Array<{ role: Role; organisationId: number | null; organisationName: string | null; organisationKind: string | null }>;
}

/** The session's user, or null when the token is unknown or the session is over (absolute or idle). */
export async function actorFromToken(db: Kysely<DB>, token: string, now: Date): Promise<SessionUser | null> {
  const hash = tokenHash(token);
  // the session, its account and the account's roles in one round trip: every request asks this
  const row = await db
    .selectFrom('session')
    .innerJoin('appUser', 'appUser.id', 'session.userId')
    .select(['session.userId', 'session.expiresAt', 'session.lastSeenAt', 'appUser.username', 'appUser.displayName', 'appUser.idNumber', 'appUser.isPasswordTemporary', 'appUser.active'])
    .select(membershipsOf(sql.ref('session.user_id')).as('memberships'))
    .where('session.tokenHash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  const session = { expiresAt: new Date(row.expiresAt), lastSeenAt: new Date(row.lastSeenAt) };
  if (isSessionOver(session, now)) {
    await db.deleteFrom('session').where('tokenHash', '=', hash).execute();
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.updateTable('session').set({ lastSeenAt: now }).where('tokenHash', '=', hash).execute();
  }
  // a deactivated account's sessions end with the deactivation; this holds even for one left over
  if (!row.active) return null;
  return { userId: row.userId, username: row.username, displayName: row.displayName, idNumber: row.idNumber, isPasswordTemporary: row.isPasswordTemporary, memberships: row.memberships };
}

/** A user's roles with their organisations, ordered by role, as one JSON array (keys as in SessionUser). */
function membershipsOf(userId: RawBuilder<unknown>) {
  return sql<SessionUser['memberships']>`coalesce((
    select json_agg(json_build_object('role', m.role, 'organisationId', m.organisation_id, 'organisationName', o.name, 'organisationKind', o.kind) order by m.role)
    from membership m left join organisation o on o.id = m.organisation_id
    where m.user_id = ${userId}), '[]'::json)`;
}

export async function loadActor(db: Kysely<DB>, userId: number): Promise<SessionUser | null> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'idNumber', 'isPasswordTemporary', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  // a deactivated account's sessions end with the deactivation; this holds even for one left over
  if (!user || !user.active) return null;
  const memberships = await db
    .selectFrom('membership')
    .leftJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select(['membership.role', 'membership.organisationId', 'organisation.name as organisationName', 'organisation.kind as organisationKind'])
    .where('membership.userId', '=', userId)
    .orderBy('membership.role')
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    idNumber: user.idNumber,
    isPasswordTemporary: user.isPasswordTemporary,
    memberships: memberships.map((m) => ({ role: m.role, organisationId: m.organisationId, organisationName: m.organisationName, organisationKind: m.organisationKind })),
  };
}
