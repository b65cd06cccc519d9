// Which application an actor may reach, answered before any use case runs: deny by default and
// answer 404 outside the actor's organisation, so existence never leaks (STYLE §6).
import type { Kysely } from 'kysely';
import { loadApplication, type ApplicationRow } from '../db/application.repository';
import type { DB } from '../db/schema';
import { type Actor, canViewApplication, seesAtStage, whyNotEditDeclaration } from '../domain/access';
import { MESSAGES, Refused } from '../domain/errors';
import { type ReviewStage, STAGES } from '../domain/stage';

/** Loads an application the actor sees now (its applicant, or a stage it has reached), or answers 404 (existence never leaks). */
export async function requireVisible(db: Kysely<DB>, actor: Actor, id: number): Promise<ApplicationRow> {
  const app = await loadApplication(db, id);
  if (!app || !canViewApplication(actor, app)) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  return app;
}

/** The applicant's own application, or 404. */
export async function requireOwn(db: Kysely<DB>, actor: Actor, id: number): Promise<ApplicationRow> {
  return ownOrNotFound(actor, await loadApplication(db, id));
}

/** The row read if it is the actor's own application; 404 if absent or someone else's. */
export function ownOrNotFound<T extends { applicantId: number }>(actor: Actor, app: T | undefined): T {
  if (!app || app.applicantId !== actor.userId) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  return app;
}

/** Organisations where the actor acts for `stage`. */
export function stageOrgIds(actor: Actor, stage: ReviewStage): number[] {
  const ids = actor.memberships.filter((m) => STAGES[stage].roles.includes(m.role) && m.organisationId !== null).map((m) => m.organisationId as number);
  return [...new Set(ids)];
}

/** The application if it belongs to the actor's organisation for this stage and has reached it; 404 otherwise. */
export async function requireAtStage(db: Kysely<DB>, actor: Actor, stage: ReviewStage, id: number): Promise<ApplicationRow> {
  const app = await loadApplication(db, id);
  if (!app || !seesAtStage(actor, app, stage)) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  return app;
}

/**
 * Every change to an applicant's file starts here, inside its transaction: the application row is
 * locked (a submit then waits for a change in flight, and a change for a submit) and the file must
 * still be editable. It neither checks nor raises the application's version, which belongs to status
 * changes: an upload and a section save therefore never conflict, they only take turns.
 */
export async function lockEditable(trx: Kysely<DB>, actor: Actor, app: ApplicationRow, now: Date) {
  const locked = await trx.updateTable('application').set({ updatedAt: now }).where('id', '=', app.id).returning(['status']).executeTakeFirst();
  if (!locked) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  const refusal = whyNotEditDeclaration(actor, { ...app, status: locked.status });
  if (refusal) throw new Refused(refusal.code, refusal.message);
}
