// In-app notifications (every actor is told when a file reaches them or comes back). Other
// services write them inside their own transaction; the signed-in user reads and marks them here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor, Role } from '../domain/access';
import { Refused } from '../domain/errors';
import type { ServiceContext } from './service-context';

export async function notifyUser(trx: Kysely<DB>, userId: number, applicationId: number | null, text: string, now: Date): Promise<void> {
  await trx.insertInto('notification').values({ userId, applicationId, text, createdAt: now }).execute();
}

/** Tells everyone holding one of `roles` at the organisation (once each); nothing if there is no organisation. */
export async function notifyOrganisation(
  trx: Kysely<DB>,
  organisationId: number | null,
  roles: readonly Role[],
  applicationId: number,
  text: string,
  now: Date,
) {
  if (!organisationId) return;
  const users = await trx
    .selectFrom('membership')
    .select('userId')
    .where('organisationId', '=', organisationId)
    .where('role', 'in', roles)
    .execute();
  const ids = [...new Set(users.map((u) => u.userId))];
  if (ids.length) {
    await trx.insertInto('notification').values(ids.map((userId) => ({ userId, applicationId, text, createdAt: now }))).execute();
  }
}

/** Tells experts (once each) without naming a file. */
export async function notifyExperts(trx: Kysely<DB>, expertIds: readonly number[], text: string, now: Date) {
  const ids = [...new Set(expertIds)];
  // applicationId stays null: a notification must not tie an expert to an identifiable file
  if (ids.length) await trx.insertInto('notification').values(ids.map((userId) => ({ userId, applicationId: null, text, createdAt: now }))).execute();
}

/** The actor's latest 200 messages, unread first. */
export async function listNotifications(ctx: ServiceContext, actor: Actor, f: { unread?: boolean } = {}) {
  const rows = await ctx.db
    .selectFrom('notification')
    .select(['id', 'applicationId', 'text', 'createdAt', 'readAt'])
    .where('userId', '=', actor.userId)
    .$if(!!f.unread, (qb) => qb.where('readAt', 'is', null))
    .orderBy((eb) => eb.case().when('readAt', 'is', null).then(0).else(1).end())
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const unread = await ctx.db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', actor.userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    unread: Number(unread.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      applicationId: r.applicationId,
      text: r.text,
      createdAt: new Date(r.createdAt).toISOString(),
      read: r.readAt !== null,
    })),
  };
}

/** Only the actor's own message; someone else's answers 404 like a missing one. */
export async function markNotificationRead(ctx: ServiceContext, actor: Actor, id: number): Promise<void> {
  const res = await ctx.db
    .updateTable('notification')
    .set({ readAt: ctx.now() })
    .where('id', '=', String(id))
    .where('userId', '=', actor.userId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Refused('NOT_FOUND', '消息不存在');
}

export async function markAllNotificationsRead(ctx: ServiceContext, actor: Actor): Promise<{ updated: number }> {
  const res = await ctx.db.updateTable('notification').set({ readAt: ctx.now() }).where('userId', '=', actor.userId).where('readAt', 'is', null).executeTakeFirst();
  return { updated: Number(res.numUpdatedRows) };
}
