// U3/C1: whether the stamped scans a stage must upload before forwarding are there. Which ones are
// required is the review year's policy (`stamped_scans_required`, src/domain/stage.ts); only scans
// uploaded since the file last arrived count, so a returned file is stamped again.
import type { Kysely } from 'kysely';
import type { ApplicationRow } from '../db/application.repository';
import type { DB } from '../db/schema';
import { type FileFlags, requiredScans, type ReviewStage, type ScanKind, whyScansMissing } from '../domain/stage';
import type { Refusal } from '../domain/state-machine';
import { loadPolicy } from './policy.service';

/** When the file last arrived at the stage: its latest submission (unit), the latest recommendation before it. */
async function arrivedAt(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<Date | null> {
  const row = await db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('applicationId', '=', app.id)
    .where('action', '=', ARRIVAL[stage])
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
}

const ARRIVAL: Record<ReviewStage, string> = { unit: 'submit', competent: 'unit_recommend', committee: 'competent_recommend' };

/** Facts of the declaration that add scans (U5: A13 says the applicant is on an aid posting). */
async function fileFlags(db: Kysely<DB>, applicationId: number): Promise<FileFlags> {
  const a13 = await db.selectFrom('section').select('data').where('applicationId', '=', applicationId).where('code', '=', 'A13').executeTakeFirst();
  const fields = ((a13?.data as { fields?: Record<string, unknown> } | undefined)?.fields ?? {}) as Record<string, unknown>;
  return { aidPosting: fields.aidPosting === true };
}

/** Scan kinds uploaded for the file since it last arrived at `stage`. */
async function scansSinceArrival(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<ScanKind[]> {
  const since = await arrivedAt(db, app, stage);
  const rows = await db
    .selectFrom('reviewDocument')
    .select('kind')
    .distinct()
    .where('applicationId', '=', app.id)
    .$if(since !== null, (qb) => qb.where('uploadedAt', '>=', since!))
    .execute();
  return rows.map((r) => r.kind as ScanKind);
}

/** What `stage` must collect for `app` and what it has collected since the file arrived, read once. */
export async function stageScans(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage) {
  const flags = await fileFlags(db, app.id);
  const required = requiredScans(stage, await loadPolicy(db, app.year), flags);
  const uploaded = required.length ? await scansSinceArrival(db, app, stage) : [];
  return { flags, required, uploaded, refusal: whyScansMissing(required, uploaded) };
}

/** SCAN_REQUIRED naming every required scan not uploaded since the file arrived, or null. */
export async function whyNotForwardForScans(db: Kysely<DB>, app: ApplicationRow, stage: ReviewStage): Promise<Refusal | null> {
  return (await stageScans(db, app, stage)).refusal;
}
