// Accounts and memberships (role × organisation), issue 10: the bureau administrator manages every
// staff account; a unit leader manages the reviewer accounts of the unit they lead. Who may grant
// what is decided in src/domain/administration.ts; this file loads the facts and writes, each
// change in one transaction with its audit row.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema';
import { escapeLike } from '../db/paging';
import { isPrefectureAdmin, ROLE_LABELS, whyNotPrefectureAdmin, type Actor } from '../domain/access';
import { splitList, whyNotGrant, whyNotManageAccount, whyNotMobile, whyNotUsername, type GrantTarget } from '../domain/administration';
import { Refused, type FieldError, type Refusal } from '../domain/errors';
import { oneTimePassword } from '../domain/password-policy';
import { hashPassword } from '../auth/password';
import { resetPassword } from './account.service';
import { writeAudit } from './audit';
import type { RequestMeta, ServiceContext } from './service-context';

export interface MembershipInput {
  role: Role;
  organisationId: number | null;
  /** Experts only: the specialties they review. */
  specialties?: string[];
}

export interface AccountInput {
  username: string;
  displayName: string;
  mobile?: string | null;
  memberships: MembershipInput[];
}

async function orgOf(db: Kysely<DB>, id: number | null) {
  if (id === null) return null;
  const o = await db.selectFrom('organisation').select(['id', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  if (!o) throw new Refused('INVALID_INPUT', '所选单位不存在', [{ field: 'organisationId', message: '请选择单位' }]);
  return o;
}

async function grantTarget(db: Kysely<DB>, m: { role: Role; organisationId: number | null }): Promise<GrantTarget> {
  return { role: m.role, org: await orgOf(db, m.organisationId) };
}

function refuseIf(r: Refusal | null, field?: string): void {
  if (r) throw new Refused(r.code, r.message, field ? [{ field, message: r.message }] : undefined);
}

/** The roles the user holds, with their organisations, as grant targets. */
async function targetRoles(db: Kysely<DB>, userId: number): Promise<GrantTarget[]> {
  const rows = await db
    .selectFrom('membership')
    .leftJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select(['membership.role', 'organisation.id', 'organisation.kind', 'organisation.active'])
    .where('membership.userId', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role, org: r.id === null ? null : { id: r.id, kind: r.kind!, active: r.active! } }));
}

/** The account, if the actor may manage it; otherwise 404 (outside their reach) or the refusal. */
async function requireManageable(db: Kysely<DB>, actor: Actor, userId: number) {
  const user = await db.selectFrom('appUser').select(['id', 'username', 'displayName', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new Refused('NOT_FOUND', '账号不存在或不在您的管理范围内');
  refuseIf(whyNotManageAccount(actor, userId, await targetRoles(db, userId)));
  return user;
}

/** Units the actor administers accounts for: every unit (bureau administrator) or the units they lead. */
function scopeOrgIds(actor: Actor): number[] | 'all' {
  if (isPrefectureAdmin(actor)) return 'all';
  return actor.memberships.filter((m) => m.role === 'unit_leader' && m.organisationId !== null).map((m) => m.organisationId!);
}

/** Staff accounts in the actor's reach (applicants are left out: they register themselves). */
export async function listAccounts(ctx: ServiceContext, actor: Actor, filter: { q?: string; organisationId?: number } = {}) {
  const scope = scopeOrgIds(actor);
  if (scope !== 'all' && scope.length === 0) throw new Refused('FORBIDDEN', '当前账号没有管理人员账号的权限');
  const q = filter.q?.trim();
  const users = await ctx.db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'mobile', 'active', 'isPasswordTemporary'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('membership')
          .select('membership.userId')
          .whereRef('membership.userId', '=', 'appUser.id')
          .where('membership.role', '<>', 'applicant')
          .$if(scope !== 'all', (qb) => qb.where('membership.organisationId', 'in', scope as number[]).where('membership.role', '=', 'unit_reviewer'))
          .$if(filter.organisationId !== undefined, (qb) => qb.where('membership.organisationId', '=', filter.organisationId!)),
      ),
    )
    // % _ \ in the search are plain characters, as in every other list's search
    .$if(!!q, (qb) => qb.where((eb) => eb.or([eb('username', 'ilike', `%${escapeLike(q!)}%`), eb('displayName', 'ilike', `%${escapeLike(q!)}%`)])))
    .orderBy('id')
    .limit(500)
    .execute();
  const ids = users.map((u) => u.id);
  const memberships = ids.length
    ? await ctx.db
        .selectFrom('membership')
        .leftJoin('organisation', 'organisation.id', 'membership.organisationId')
        .select(['membership.userId', 'membership.role', 'membership.organisationId', 'membership.specialties', 'organisation.name as organisationName'])
        .where('membership.userId', 'in', ids)
        .orderBy('membership.role')
        .execute()
    : [];
  return users.map((u) => ({
    ...u,
    memberships: memberships
      .filter((m) => m.userId === u.id)
      .map((m) => ({ role: m.role, roleLabel: ROLE_LABELS[m.role], organisationId: m.organisationId, organisationName: m.organisationName, specialties: m.specialties })),
  }));
}

function checkAccountInput(input: AccountInput): { username: string; displayName: string; mobile: string | null } {
  const errors: FieldError[] = [];
  const username = input.username.trim();
  const displayName = input.displayName.trim();
  const mobile = (input.mobile ?? '').trim();
  const u = whyNotUsername(username);
  if (u) errors.push({ field: 'username', message: u });
  if (!displayName) errors.push({ field: 'displayName', message: '请填写姓名' });
  const m = whyNotMobile(mobile);
  if (m) errors.push({ field: 'mobile', message: m });
  if (input.memberships.length === 0) errors.push({ field: 'memberships', message: '请至少指定一个角色' });
  if (errors.length) throw new Refused('INVALID_INPUT', errors[0].message, errors);
  return { username, displayName, mobile: mobile || null };
}

/**
 * Creates a staff account with its roles and a one-time password (changed at the first login).
 * Every role is checked against the actor's own first: nobody grants a role above their own.
 */
export async function createAccount(
  ctx: ServiceContext,
  actor: Actor,
  input: AccountInput,
  meta: RequestMeta = {},
  /** More to write for the new account in the same transaction (the expert pool's profile). */
  alsoWrite?: (trx: Kysely<DB>, userId: number) => Promise<void>,
) {
  const { username, displayName, mobile } = checkAccountInput(input);
  for (const m of input.memberships) refuseIf(whyNotGrant(actor, await grantTarget(ctx.db, m)), 'memberships');
  const password = oneTimePassword(crypto.randomBytes(12));
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) throw new Refused('ALREADY_EXISTS', `用户名“${username}”已被使用`, [{ field: 'username', message: '用户名已被使用' }]);
    const user = await trx
      .insertInto('appUser')
      .values({ username, displayName, idNumber: null, mobile, passwordHash, isPasswordTemporary: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const m of input.memberships) await insertMembership(trx, user.id, m);
    await alsoWrite?.(trx, user.id);
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'account_create',
      detail: { userId: user.id, username, memberships: input.memberships.map((m) => ({ role: m.role, organisationId: m.organisationId })) },
      ip: meta.ip,
      at: ctx.now(),
    });
    return { id: user.id, username, password };
  });
}

async function insertMembership(trx: Kysely<DB>, userId: number, m: MembershipInput): Promise<boolean> {
  const specialties = m.role === 'expert' ? (m.specialties ?? []).flatMap((s) => splitList(s)) : [];
  const existing = await trx
    .selectFrom('membership')
    .select('specialties')
    .where('userId', '=', userId)
    .where('role', '=', m.role)
    .where((eb) => (m.organisationId === null ? eb('organisationId', 'is', null) : eb('organisationId', '=', m.organisationId)))
    .executeTakeFirst();
  if (existing) {
    if (m.specialties === undefined || existing.specialties.join('、') === specialties.join('、')) return false;
    await trx
      .updateTable('membership')
      .set({ specialties })
      .where('userId', '=', userId)
      .where('role', '=', m.role)
      .where((eb) => (m.organisationId === null ? eb('organisationId', 'is', null) : eb('organisationId', '=', m.organisationId)))
      .execute();
    return true;
  }
  await trx.insertInto('membership').values({ userId, organisationId: m.organisationId, role: m.role, specialties }).execute();
  return true;
}

/** Grants a role at an organisation (or updates an expert's specialties there). */
export async function grantMembership(ctx: ServiceContext, actor: Actor, userId: number, m: MembershipInput, meta: RequestMeta = {}) {
  const user = await requireManageable(ctx.db, actor, userId);
  if (!user.active) throw new Refused('ACCOUNT_DISABLED', '该账号已停用，请先启用后再授予角色');
  refuseIf(whyNotGrant(actor, await grantTarget(ctx.db, m)), 'organisationId');
  await ctx.db.transaction().execute(async (trx) => {
    if (await insertMembership(trx, userId, m)) {
      await writeAudit(trx, { actorId: actor.userId, action: 'membership_grant', detail: { userId, role: m.role, organisationId: m.organisationId, specialties: m.specialties ?? null }, ip: meta.ip, at: ctx.now() });
    }
  });
  return { id: userId };
}

/** Takes a role away. The account keeps its other roles; its history stays. */
export async function revokeMembership(ctx: ServiceContext, actor: Actor, userId: number, m: { role: Role; organisationId: number | null }, meta: RequestMeta = {}) {
  await requireManageable(ctx.db, actor, userId);
  const target = await grantTarget(ctx.db, m);
  // taking a role away needs the same rank as granting it (a deactivated unit's role can still go)
  refuseIf(whyNotGrant(actor, { ...target, org: target.org ? { ...target.org, active: true } : null }));
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .deleteFrom('membership')
      .where('userId', '=', userId)
      .where('role', '=', m.role)
      .where((eb) => (m.organisationId === null ? eb('organisationId', 'is', null) : eb('organisationId', '=', m.organisationId)))
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new Refused('NOT_FOUND', '该账号没有这个角色');
    await writeAudit(trx, { actorId: actor.userId, action: 'membership_revoke', detail: { userId, role: m.role, organisationId: m.organisationId }, ip: meta.ip, at: ctx.now() });
  });
  return { id: userId };
}

/** Deactivates (login refused, every session ended at once) or reactivates an account. */
export async function setAccountActive(ctx: ServiceContext, actor: Actor, userId: number, active: boolean, meta: RequestMeta = {}) {
  const user = await requireManageable(ctx.db, actor, userId);
  await ctx.db.transaction().execute(async (trx) => {
    if (user.active === active) return;
    await trx.updateTable('appUser').set({ active }).where('id', '=', userId).execute();
    if (!active) await trx.deleteFrom('session').where('userId', '=', userId).execute();
    await writeAudit(trx, { actorId: actor.userId, action: active ? 'account_activate' : 'account_deactivate', detail: { userId, username: user.username }, ip: meta.ip, at: ctx.now() });
  });
  return { id: userId };
}

/** A one-time password for an account in the actor's reach (sessions end; changed at next login). */
export async function resetAccountPassword(ctx: ServiceContext, actor: Actor, userId: number, meta: RequestMeta = {}) {
  const user = await requireManageable(ctx.db, actor, userId);
  return resetPassword(ctx, actor.userId, user.username, meta.ip ?? undefined);
}

// ── The expert pool per committee ──────────────────────────────────────────────────────────

export interface ExpertProfileInput {
  committeeId: number;
  specialties: string[];
  /** The expert's own unit in the system (回避 本单位), if any. */
  unitOrgId: number | null;
  /** Units the expert worked for before, as written (回避). */
  pastUnits: string[];
}

export async function listExperts(ctx: ServiceContext, actor: Actor, committeeId?: number) {
  const why = whyNotPrefectureAdmin(actor, '管理专家库');
  if (why) throw new Refused(why.code, why.message);
  const pool = await ctx.db
    .selectFrom('membership')
    .innerJoin('appUser', 'appUser.id', 'membership.userId')
    .innerJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select(['appUser.id as userId', 'appUser.username', 'appUser.displayName', 'appUser.active', 'organisation.id as committeeId', 'organisation.name as committeeName', 'membership.specialties'])
    .where('membership.role', '=', 'expert')
    .where('organisation.kind', '=', 'committee')
    .$if(committeeId !== undefined, (qb) => qb.where('organisation.id', '=', committeeId!))
    .orderBy('organisation.id')
    .orderBy('appUser.id')
    .execute();
  const ids = [...new Set(pool.map((p) => p.userId))];
  const units = ids.length
    ? await ctx.db
        .selectFrom('membership')
        .innerJoin('organisation', 'organisation.id', 'membership.organisationId')
        .select(['membership.userId', 'organisation.id', 'organisation.name'])
        .where('membership.userId', 'in', ids)
        .where('membership.role', '=', 'expert')
        .where('organisation.kind', '<>', 'committee')
        .execute()
    : [];
  const past = ids.length ? await ctx.db.selectFrom('expertPastUnit').select(['userId', 'name']).where('userId', 'in', ids).orderBy('name').execute() : [];
  return pool.map((p) => {
    const unit = units.find((u) => u.userId === p.userId);
    return { ...p, unitOrgId: unit?.id ?? null, unitName: unit?.name ?? null, pastUnits: past.filter((x) => x.userId === p.userId).map((x) => x.name) };
  });
}

/**
 * Puts the account into a committee's pool with its specialties, its own unit and its past units,
 * replacing what was there. Returns whether anything changed (a re-import changes nothing).
 */
export async function writeExpertProfile(trx: Kysely<DB>, userId: number, p: ExpertProfileInput): Promise<boolean> {
  let changed = await insertMembership(trx, userId, { role: 'expert', organisationId: p.committeeId, specialties: p.specialties });
  const homes = await trx
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select('organisation.id')
    .where('membership.userId', '=', userId)
    .where('membership.role', '=', 'expert')
    .where('organisation.kind', '<>', 'committee')
    .execute();
  const stale = homes.filter((h) => h.id !== p.unitOrgId).map((h) => h.id);
  if (stale.length) {
    await trx.deleteFrom('membership').where('userId', '=', userId).where('role', '=', 'expert').where('organisationId', 'in', stale).execute();
    changed = true;
  }
  if (p.unitOrgId !== null && !homes.some((h) => h.id === p.unitOrgId)) {
    await trx.insertInto('membership').values({ userId, organisationId: p.unitOrgId, role: 'expert' }).execute();
    changed = true;
  }
  const wanted = [...new Set(p.pastUnits.flatMap((u) => splitList(u)))].sort();
  const had = (await trx.selectFrom('expertPastUnit').select('name').where('userId', '=', userId).orderBy('name').execute()).map((r) => r.name);
  if (had.join('\n') !== wanted.join('\n')) {
    await trx.deleteFrom('expertPastUnit').where('userId', '=', userId).execute();
    if (wanted.length) await trx.insertInto('expertPastUnit').values(wanted.map((name) => ({ userId, name }))).execute();
    changed = true;
  }
  return changed;
}

async function checkExpertProfile(db: Kysely<DB>, actor: Actor, p: ExpertProfileInput): Promise<void> {
  refuseIf(whyNotGrant(actor, await grantTarget(db, { role: 'expert', organisationId: p.committeeId })), 'committeeId');
  const committee = await db.selectFrom('organisation').select('kind').where('id', '=', p.committeeId).executeTakeFirstOrThrow();
  if (committee.kind !== 'committee') throw new Refused('ROLE_ORG_KIND', '专家库须属于评审委员会', [{ field: 'committeeId', message: '请选择评审委员会' }]);
  if (p.unitOrgId !== null) {
    const unit = await orgOf(db, p.unitOrgId);
    if (unit!.kind === 'committee') throw new Refused('INVALID_INPUT', '现工作单位不能是评审委员会', [{ field: 'unitOrgId', message: '请选择专家的工作单位' }]);
    if (!unit!.active) throw new Refused('ORG_INACTIVE', '所选现工作单位已停用，不能再添加人员', [{ field: 'unitOrgId', message: '该单位已停用' }]);
  }
  if (p.specialties.flatMap((s) => splitList(s)).length === 0) throw new Refused('INVALID_INPUT', '请填写专家的评审专业', [{ field: 'specialties', message: '请至少填写一个专业' }]);
}

/** Sets an existing account's place in a committee's expert pool. */
export async function setExpertProfile(ctx: ServiceContext, actor: Actor, userId: number, p: ExpertProfileInput, meta: RequestMeta = {}) {
  await requireManageable(ctx.db, actor, userId);
  await checkExpertProfile(ctx.db, actor, p);
  await ctx.db.transaction().execute(async (trx) => {
    if (await writeExpertProfile(trx, userId, p)) {
      await writeAudit(trx, { actorId: actor.userId, action: 'expert_profile_set', detail: { userId, ...p }, ip: meta.ip, at: ctx.now() });
    }
  });
  return { id: userId };
}

/** A new expert account in a committee's pool (one-time password). */
export async function createExpert(ctx: ServiceContext, actor: Actor, input: { username: string; displayName: string; mobile?: string | null } & ExpertProfileInput, meta: RequestMeta = {}) {
  await checkExpertProfile(ctx.db, actor, input);
  const memberships = [{ role: 'expert' as const, organisationId: input.committeeId, specialties: input.specialties }];
  return createAccount(ctx, actor, { ...input, memberships }, meta, async (trx, userId) => {
    await writeExpertProfile(trx, userId, input);
  });
}
