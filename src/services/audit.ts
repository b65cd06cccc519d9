// One audit row per change (STYLE §5), written inside the caller's transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface AuditEntry {
  actorId: number | null;
  applicationId?: number | null;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  at: Date;
}

export async function writeAudit(trx: Kysely<DB>, e: AuditEntry): Promise<void> {
  await trx
    .insertInto('auditLog')
    .values({
      actorId: e.actorId,
      trueActorId: e.actorId,
      applicationId: e.applicationId ?? null,
      action: e.action,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      reason: e.reason ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ip: e.ip ?? null,
      at: e.at,
    })
    .execute();
}
