// Many files at once, written straight into the tables (a factory, STYLE §8), for list paging tests
// and bench/lists: each file gets its own applicant account with a distinct name and ID number.
// Such files have no sections or attachments; they are for lists, not for the review actions.
import type { Kysely } from 'kysely';
import type { ApplicationStatus, DB } from '../../src/db/schema';
import { fileCode } from '../../src/domain/file-code';

export interface BulkOptions {
  /** organisation code of the recommending unit (seed: hosp, tcm, agency…) */
  unit?: string;
  year?: number;
  /** statuses handed out in turn */
  statuses?: ApplicationStatus[];
  /** the first sequence number (names, ID numbers and file codes are built from it) */
  from?: number;
  /** specialty names handed out in turn */
  specialties?: string[];
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];

/** Inserts `n` files; returns their ids in insertion order. */
export async function insertBulkFiles(db: Kysely<DB>, n: number, o: BulkOptions = {}): Promise<number[]> {
  const year = o.year ?? 2026;
  const from = o.from ?? 1;
  const statuses = o.statuses ?? ['submitted'];
  const unit = await db.selectFrom('organisation').select(['id', 'parentId']).where('code', '=', o.unit ?? 'hosp').executeTakeFirstOrThrow();
  const specs = await db
    .selectFrom('specialty')
    .select(['id', 'committeeId', 'seriesCode'])
    .where('name', 'in', o.specialties ?? ['临床医学'])
    .execute();
  const ids: number[] = [];
  const CHUNK = 500;
  for (let start = 0; start < n; start += CHUNK) {
    const seqs = Array.from({ length: Math.min(CHUNK, n - start) }, (_, i) => from + start + i);
    const users = await db
      .insertInto('appUser')
      .values(
        seqs.map((s) => ({
          username: `bulk-${s}`,
          displayName: `${SURNAMES[s % SURNAMES.length]}批量${s}`,
          idNumber: `6540021980${String(s).padStart(8, '0')}`, // unique, not checksum-valid: lists only
          passwordHash: 'x',
        })),
      )
      .returning('id')
      .execute();
    const apps = await db
      .insertInto('application')
      .values(
        seqs.map((s, i) => {
          const spec = specs[s % specs.length];
          return {
            applicantId: users[i].id,
            year,
            specialtyId: spec.id,
            level: 'middle' as const,
            recommendingOrgId: unit.id,
            competentOrgId: unit.parentId,
            committeeOrgId: spec.committeeId,
            status: statuses[s % statuses.length],
            fileCode: fileCode(year, spec.seriesCode, s),
            submittedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, s % 86_400)),
            updatedAt: new Date(Date.UTC(2026, 2, 1, 0, 0, s % 86_400)),
          };
        }),
      )
      .returning('id')
      .execute();
    // The audit trail the invariants expect: a submit, then the step that led to the status.
    await db
      .insertInto('auditLog')
      .values(
        apps.flatMap((a, i) => {
          const status = statuses[seqs[i] % statuses.length];
          const at = new Date(Date.UTC(2026, 2, 1));
          const submit = { actorId: users[i].id, applicationId: a.id, action: 'submit', fromStatus: 'draft', toStatus: 'submitted', at };
          return status === 'submitted' ? [submit] : [submit, { actorId: null, applicationId: a.id, action: 'bulk_fixture', fromStatus: 'submitted', toStatus: status, at }];
        }),
      )
      .execute();
    ids.push(...apps.map((a) => a.id));
  }
  return ids;
}
