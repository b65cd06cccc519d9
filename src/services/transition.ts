// The one way an application's status changes (STYLE §5): the domain's state machine decides the
// move, `update … where version = ?` guards against a concurrent change, and the audit row and the
// applicant's notification are written in the caller's transaction. No other code writes a status.
import type { Kysely, Updateable } from 'kysely';
import type { ApplicationTable, DB } from '../db/schema';
import { MESSAGES, Refused } from '../domain/errors';
import { type Event, isRefusal, type Status, transition as decide } from '../domain/state-machine';
import { writeAudit } from './audit';
import { notifyUser } from './notification.service';

/** update … where version = expected; no row → 409 (STYLE §5 step 3). */
export async function bumpVersion(trx: Kysely<DB>, id: number, expected: number, now: Date, set: Record<string, unknown> = {}): Promise<void> {
  const res = await trx
    .updateTable('application')
    .set({ version: expected + 1, updatedAt: now, ...set })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
}

/** The application as the caller read it; `version` is the one the change is based on. */
export interface TransitionSubject {
  id: number;
  status: string;
  version: number;
  /** Needed only with `notify`; read from the row when absent. */
  applicantId?: number;
}

export interface TransitionOptions {
  /** Who acts; null when the system does (a deadline job). */
  actor: number | null;
  now: Date;
  /** Why, as the actor stated it; shown in the timeline. */
  reason?: string | null;
  /** Columns written together with the status (return reason, deadline, file code …). */
  set?: Omit<Updateable<ApplicationTable>, 'id' | 'status' | 'version' | 'updatedAt'>;
  /** Facts for the audit row beyond from/to (meeting, rule, deadline). */
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  /** Told to the applicant in the same transaction. */
  notify?: string;
}

/**
 * Moves the application by `event`: refuses a move the state machine forbids (409
 * INVALID_TRANSITION), bumps the version only if nobody changed the row since it was read (409
 * VERSION_CONFLICT), writes the audit row and, with `notify`, the applicant's notification.
 */
export async function transition(trx: Kysely<DB>, app: TransitionSubject, event: Event, o: TransitionOptions): Promise<{ from: string; to: Status; version: number }> {
  const t = decide(app.status, event);
  if (isRefusal(t)) throw new Refused(t.code, t.message);
  await bumpVersion(trx, app.id, app.version, o.now, { ...(o.set ?? {}), status: t.to });
  await writeAudit(trx, {
    actorId: o.actor,
    applicationId: app.id,
    action: event,
    fromStatus: app.status,
    toStatus: t.to,
    reason: o.reason ?? null,
    detail: o.detail ?? null,
    ip: o.ip,
    at: o.now,
  });
  if (o.notify) {
    const applicantId =
      app.applicantId ?? (await trx.selectFrom('application').select('applicantId').where('id', '=', app.id).executeTakeFirstOrThrow()).applicantId;
    await notifyUser(trx, applicantId, app.id, o.notify, o.now);
  }
  return { from: app.status, to: t.to, version: app.version + 1 };
}
