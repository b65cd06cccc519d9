// Stable row ids: every row of a repeatable section gets an id kept in section.data (rows[].rowId),
// and a per-row attachment names its row by that id (attachment.row_id) instead of by position
// (the old slot '2:diploma'), so reordering rows no longer moves images onto other rows.
// Frozen in time: imports nothing from src/.
import crypto from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/** 8 characters of [A-Za-z0-9_-], the same shape the server and the browser give new rows. */
function newRowId(taken: Set<string>): string {
  for (;;) {
    const id = crypto.randomBytes(6).toString('base64url');
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

type Row = Record<string, unknown>;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table attachment add column row_id text`.execute(db);
  await sql`alter table attachment add constraint attachment_row_id_shape check (row_id ~ '^[A-Za-z0-9_-]{1,40}$')`.execute(db);

  // Backfill, section by section: give each row an id, then move its images from '<index>:<key>'
  // to (row_id, '<key>'). Images of an index past the last row (a row deleted before this
  // migration) get an id no row has, so the checklist keeps reporting them as left behind.
  const sections = await sql<{ app: number; code: string; data: { fields?: unknown; rows?: unknown } }>`
    select application_id as app, code, data from section`.execute(db);
  for (const s of sections.rows) {
    const rows = Array.isArray(s.data.rows) ? (s.data.rows as Row[]) : [];
    const taken = new Set<string>();
    const ids = rows.map(() => newRowId(taken));
    if (rows.length) {
      const data = { ...s.data, rows: rows.map((r, i) => ({ ...r, rowId: ids[i] })) };
      await sql`update section set data = ${JSON.stringify(data)}::jsonb where application_id = ${s.app} and code = ${s.code}`.execute(db);
    }
    const images = await sql<{ id: number; slot: string }>`
      select id, slot from attachment where application_id = ${s.app} and section_code = ${s.code} and slot ~ '^[0-9]+:'`.execute(db);
    const gone = new Map<number, string>();
    for (const a of images.rows) {
      const colon = a.slot.indexOf(':');
      const index = Number(a.slot.slice(0, colon));
      const rowId = ids[index] ?? gone.get(index) ?? newRowId(taken);
      if (index >= ids.length) gone.set(index, rowId);
      await sql`update attachment set row_id = ${rowId}, slot = ${a.slot.slice(colon + 1)} where id = ${a.id}`.execute(db);
    }
  }
  // Images of a section never stored keep their position form: no row exists to link them to.

  // A retried upload of the same bytes into the same slot (of the same row) is the same attachment.
  await sql`drop index attachment_no_duplicates`.execute(db);
  await sql`create unique index attachment_no_duplicates on attachment (application_id, section_code, coalesce(row_id, ''), slot, blob_sha256)`.execute(db);
}
