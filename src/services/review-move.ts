// The common frame of a reviewer's status change (U1–U3, C1, R1–R2): reach the file at this stage,
// check the version and the state machine, run the stage's own checks, then one transaction with
// transition() and the stage's extra writes (STYLE §5).
import type { Kysely, Transaction } from 'kysely';
import type { DB, OpinionStage } from '../db/schema';
import type { Actor } from '../domain/access';
import { MESSAGES, Refused } from '../domain/errors';
import type { Policy } from '../domain/policy';
import { whyNotReturn } from '../domain/review-rules';
import type { ReviewStage } from '../domain/stage';
import { type Event, type Refusal, isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { shanghaiDate } from '../domain/working-days';
import { loadApplication, type ApplicationRow } from '../db/application.repository';
import { requireAtStage } from './application-access';
import { transition, type TransitionOptions } from './transition';
import { loadPolicy } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';

export function refuse(r: Refusal): never {
  throw new Refused(r.code, r.message);
}

export async function applicantName(db: Kysely<DB>, app: ApplicationRow): Promise<string> {
  const u = await db.selectFrom('appUser').select('displayName').where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  return u.displayName;
}

export interface MoveOptions {
  stage: ReviewStage;
  event: Event;
  version: number;
  reason?: string | null;
  /** Extra columns set on the application with the status. */
  set?: (app: ApplicationRow, now: Date, policy: Policy) => TransitionOptions['set'];
  /** Checks beyond the state machine, with the loaded row. */
  check?: (app: ApplicationRow, today: string) => Promise<Refusal | null>;
  /** Told to the applicant. */
  notify?: string | ((now: Date, policy: Policy) => string);
  /** More writes in the same transaction (opinions, jobs, notifications of organisations). */
  during?: (trx: Transaction<DB>, app: ApplicationRow, now: Date, name: string, policy: Policy) => Promise<void>;
  detail?: Record<string, unknown>;
}

/** One status change by a reviewer: the common frame of every transition in this file. */
export async function move(ctx: ServiceContext, actor: Actor, id: number, o: MoveOptions, meta: RequestMeta) {
  const app = await requireAtStage(ctx.db, actor, o.stage, id);
  if (app.version !== o.version) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
  // the state machine answers before the stage's own checks, so the user hears the plainer reason
  const allowed = decide(app.status, o.event);
  if (isRefusal(allowed)) refuse(allowed);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const extra = await o.check?.(app, today);
  if (extra) refuse(extra);
  const policy = await loadPolicy(ctx.db, app.year);
  const name = await applicantName(ctx.db, app);
  const t = await ctx.db.transaction().execute(async (trx) => {
    const moved = await transition(trx, app, o.event, {
      actor: actor.userId,
      now,
      reason: o.reason?.trim() || null,
      set: o.set?.(app, now, policy),
      detail: o.detail ?? null,
      ip: meta.ip,
      notify: typeof o.notify === 'function' ? o.notify(now, policy) : o.notify,
    });
    await o.during?.(trx, app, now, name, policy);
    return moved;
  });
  const after = await loadApplication(ctx.db, id);
  return {
    status: t.to as string,
    statusLabel: statusLabel(t.to),
    version: t.version,
    returnDeadlineAt: after?.returnDeadlineAt ? new Date(after.returnDeadlineAt).toISOString() : null,
  };
}

export async function addOpinion(trx: Kysely<DB>, applicationId: number, stage: OpinionStage, text: string, authorId: number, at: Date) {
  await trx.insertInto('opinion').values({ applicationId, stage, text, authorId, at }).execute();
}

export function returnReason(reason: string | undefined | null): string {
  const r = whyNotReturn(reason);
  if (r) refuse(r);
  return reason!.trim();
}
