// The secret ballot without a readable vote (issue 9 item 1). The old `vote` table kept each
// choice in plain text, written in the same transaction as the voter's `ballot_cast` row, so the
// transaction ids and dead row versions linked every choice to its voter. Now each file has one
// ballot box holding the product of ElGamal-encrypted votes (src/domain/ballot-crypto.ts); the
// database keeps only the ballot's public key, and the private one stays with the committee office.
// Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // h = g^x of the open ballot, 256 bytes big-endian (RFC 3526 group 14); null until 开始投票
  await db.schema
    .alterTable('meeting')
    .addColumn('ballot_public_key', 'bytea', (c) => c.check(sql`octet_length(ballot_public_key) = 256`))
    .execute();

  // One box per file while voting: c1 ‖ c2 for 同意, 不同意, 弃权 (6 × 256 bytes). No voter, no
  // time, no sequence: a vote multiplies the box in place, and the box is deleted at the tally.
  await db.schema
    .createTable('ballot_box')
    .addColumn('meeting_id', 'integer', (c) => c.notNull())
    .addColumn('application_id', 'integer', (c) => c.notNull())
    .addColumn('ciphertext', 'bytea', (c) => c.notNull().check(sql`octet_length(ciphertext) = 1536`))
    .addPrimaryKeyConstraint('ballot_box_pk', ['meeting_id', 'application_id'])
    .addForeignKeyConstraint('ballot_box_file', ['meeting_id', 'application_id'], 'meeting_application', ['meeting_id', 'application_id'], (c) => c.onDelete('cascade'))
    .execute();

  // A ballot opened before this migration has no key and plain-text votes: it is reopened from
  // scratch (votes and ballot records dropped, back to 'planned'), and the office is told by the
  // audit row. No real ballot existed when this shipped.
  const open = await sql<{ id: number }>`select id from meeting where status = 'voting'`.execute(db);
  for (const m of open.rows) {
    await sql`delete from ballot_cast where meeting_id = ${m.id}`.execute(db);
    await sql`update meeting set status = 'planned', ballot_opened_at = null where id = ${m.id}`.execute(db);
    await sql`insert into audit_log (action, from_status, to_status, reason, detail)
      values ('ballot_reset', 'voting', 'planned', '投票方式升级为加密计票，进行中的投票须重新开始', ${JSON.stringify({ meetingId: m.id })}::jsonb)`.execute(db);
  }
  await db.schema.dropTable('vote').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
