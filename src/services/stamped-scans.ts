// U3/C1: whether the stamped scans a stage must upload before forwarding are there. Which ones are
// required is the review year's policy (`stamped_scans_required`, src/domain/stage.ts); only scans
// uploaded since the file last arrived count, so a returned file is stamped again.
import type { Kysely } from 'kysely';
import type { ApplicationRow } from '../db/application.repository';
import type { DB } from '../db/schema';
import { requiredScans, type ReviewStage, type ScanKind, whyScansMissing } from '../domain/stage';
import type { Refusal } from '../domain/state-machine';
import { latestPublicity } from '../db/publicity.repository';
import { loadPolicy } from './policy.service';

/** When the file last arrived at the stage: the latest publicity (unit), the latest recommendation by the unit (competent). */
async function arrivedAt(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<Date | null> {
  if (stage === 'unit') {
    const p = await latestPublicity(db, app.id);
    return p ? new Date(p.createdAt) : null;
  }
  const row = await db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('applicationId', '=', app.id)
    .where('action', '=', stage === 'competent' ? 'unit_recommend' : 'competent_recommend')
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
}

/** The scans `stage` must upload for `app` under its review year's policy. */
export async function stageRequiredScans(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<readonly ScanKind[]> {
  return requiredScans(stage, await loadPolicy(db, app.year));
}

/** SCAN_REQUIRED naming every required scan not uploaded since the file arrived, or null. */
export async function whyNotForwardForScans(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<Refusal | null> {
  const required = await stageRequiredScans(db, app, stage);
  if (required.length === 0) return null;
  const since = await arrivedAt(db, app, stage);
  const rows = await db
    .selectFrom('reviewDocument')
    .select('kind')
    .distinct()
    .where('applicationId', '=', app.id)
    .where('kind', 'in', required)
    .$if(since !== null, (qb) => qb.where('uploadedAt', '>=', since!))
    .execute();
  return whyScansMissing(required, rows.map((r) => r.kind as ScanKind));
}
