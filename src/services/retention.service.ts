// Issue 9 item 12: the daily collection. Material nobody refers to any more is deleted after the
// retention period (RETENTION in src/domain/retention.ts): blobs of deleted attachments from the
// store and the blob table, files a crash left behind, and ended sessions. One audit row says how
// many of each went. Runs as the `retention_sweep` job, which arms the next day's run first.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { isCrashLeftover, isPastRetention, RETENTION, RETENTION_SWEEP_INTERVAL_MS, retentionSweepKey } from '../domain/retention';
import { enqueue } from '../jobs/queue';
import { writeAudit } from './audit';
import { deleteEndedSessions } from './auth.service';
import type { ServiceContext } from './service-context';

export interface SweepCounts {
  /** blobs found unreferenced for the first time; their retention starts now */
  blobsUnreferenced: number;
  /** blobs referred to again (the same file uploaded again) before their retention ended */
  blobsReferencedAgain: number;
  /** blobs past the retention: deleted from the table and the store */
  blobsDeleted: number;
  bytesDeleted: number;
  /** stored files without a blob row (a crash between writing the file and committing its row) */
  filesWithoutRow: number;
  /** `.tmp` files of writes a crash interrupted */
  tempFiles: number;
  sessions: number;
}

/** Every column that names a blob, read from the foreign keys to blob(sha256), so a new one is never missed. */
async function blobReferences(db: Kysely<DB>): Promise<Array<{ table: string; column: string }>> {
  const { rows } = await sql<{ table: string; column: string }>`
    select c.conrelid::regclass::text as "table", a.attname::text as "column"
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
    where c.contype = 'f' and c.confrelid = 'blob'::regclass
    order by 1, 2`.execute(db);
  return rows;
}

/** `exists (select 1 from <t> where <t>.<c> = blob.sha256) or …` over every reference. */
function referencedSql(refs: Array<{ table: string; column: string }>) {
  if (refs.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    refs.map((r) => sql`exists (select 1 from ${sql.table(r.table)} where ${sql.ref(`${r.table}.${r.column}`)} = blob.sha256)`),
    sql` or `,
  )})`;
}

export async function runRetentionSweep(ctx: ServiceContext): Promise<SweepCounts> {
  const now = ctx.now();
  const refs = await blobReferences(ctx.db);
  const referenced = referencedSql(refs);
  const counts: SweepCounts = { blobsUnreferenced: 0, blobsReferencedAgain: 0, blobsDeleted: 0, bytesDeleted: 0, filesWithoutRow: 0, tempFiles: 0, sessions: 0 };

  // 1. Start or stop each blob's retention clock.
  const marked = await sql`update blob set unreferenced_since = ${now} where unreferenced_since is null and not ${referenced} returning sha256`.execute(ctx.db);
  counts.blobsUnreferenced = marked.rows.length;
  const cleared = await sql`update blob set unreferenced_since = null where unreferenced_since is not null and ${referenced} returning sha256`.execute(ctx.db);
  counts.blobsReferencedAgain = cleared.rows.length;

  // 2. Blobs unreferenced for the whole retention period: the row goes (only if still unreferenced,
  //    under a row lock an upload of the same bytes waits for), then the file, unless the file was
  //    just stored again by an upload that will insert the row anew.
  const due = await ctx.db.selectFrom('blob').select(['sha256', 'unreferencedSince']).where('unreferencedSince', 'is not', null).execute();
  for (const b of due) {
    if (!b.unreferencedSince || !isPastRetention(new Date(b.unreferencedSince), now)) continue;
    const gone = await ctx.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ bytes: number }>`
        delete from blob where sha256 = ${b.sha256} and unreferenced_since is not null and not ${referenced}
        returning bytes`.execute(trx);
      return rows[0] ?? null;
    });
    if (!gone) continue;
    const modifiedAt = await ctx.blobs.modifiedAt(b.sha256);
    if (modifiedAt && !isCrashLeftover(modifiedAt, now)) continue;
    await ctx.blobs.remove(b.sha256);
    counts.blobsDeleted++;
    counts.bytesDeleted += Number(gone.bytes);
  }

  // 3. Crash leftovers: temp files, and stored files whose row never committed, older than an hour.
  const stored = await ctx.blobs.scan();
  for (const t of stored.temps) {
    if (!isCrashLeftover(t.modifiedAt, now)) continue;
    await ctx.blobs.removeTemp(t.name);
    counts.tempFiles++;
  }
  const old = stored.blobs.filter((f) => isCrashLeftover(f.modifiedAt, now));
  const withRow = new Set<string>();
  for (let i = 0; i < old.length; i += 500) {
    const batch = old.slice(i, i + 500).map((f) => f.sha256);
    const rows = await ctx.db.selectFrom('blob').select('sha256').where('sha256', 'in', batch).execute();
    for (const r of rows) withRow.add(r.sha256);
  }
  for (const f of old) {
    if (withRow.has(f.sha256)) continue;
    // an upload of these bytes that is about to commit renewed the file's time (put): it is skipped
    const modifiedAt = await ctx.blobs.modifiedAt(f.sha256);
    if (!modifiedAt || !isCrashLeftover(modifiedAt, now)) continue;
    await ctx.blobs.remove(f.sha256);
    counts.filesWithoutRow++;
  }

  // 4. Sessions that are over (absolute or idle), and this job's own rows of earlier days.
  counts.sessions = await deleteEndedSessions(ctx.db, now);
  await ctx.db
    .deleteFrom('job')
    .where('name', '=', 'retention_sweep')
    .where('status', '=', 'done')
    .where('runAt', '<', new Date(now.getTime() - RETENTION.deletedMaterialDays.days * RETENTION_SWEEP_INTERVAL_MS))
    .execute();

  await writeAudit(ctx.db, {
    actorId: null,
    action: 'retention_sweep',
    detail: { ...counts, retentionDays: RETENTION.deletedMaterialDays.days },
    at: now,
  });
  return counts;
}

/**
 * Makes sure a sweep is due today; at every start (restart-safe: the same day's key is kept, never
 * reset, so a restart does not run it twice). Each run arms the next day's (retentionSweepJob).
 */
export async function scheduleRetentionSweep(db: Kysely<DB>, now: Date): Promise<void> {
  await db
    .insertInto('job')
    .values({ name: 'retention_sweep', data: JSON.stringify({}), key: retentionSweepKey(now), runAt: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** The job: arms tomorrow's run first, so a failure today does not end the chain, then sweeps. */
export async function runRetentionSweepJob(ctx: ServiceContext) {
  const next = new Date(ctx.now().getTime() + RETENTION_SWEEP_INTERVAL_MS);
  await enqueue(ctx.db, 'retention_sweep', {}, { key: retentionSweepKey(next), runAt: next });
  const counts = await runRetentionSweep(ctx);
  return { outcome: 'success' as const, counts };
}
