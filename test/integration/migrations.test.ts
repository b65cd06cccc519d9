// Migrations that move data: a file stored before a migration reads right after it. Each run
// starts from an empty database of its own: a PGlite folder, or with DATABASE_URL a new PostgreSQL
// database dropped afterwards (never the one DATABASE_URL names).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../src/db/connection';
import { migrations } from '../../src/db/migrations';
import { DEMO_APPLICANT_ID, seedDemoData } from '../../src/db/seed';
import { TEST_YEARS } from '../support/constants';

let dir: string;
let h: DatabaseHandle;
let dropDb: (() => Promise<void>) | undefined;
/** A meeting whose ballot was open when 202611291200-ballot-box ran. */
let openBallotMeetingId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-migrations-'));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    h = await openDatabase({ dataDir: dir });
    return;
  }
  const pg = (await import('pg')).default;
  const name = `zp_migrations_${crypto.randomBytes(5).toString('hex')}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(query);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  dropDb = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  h = await openDatabase({ databaseUrl: u.toString() });
});
afterAll(async () => {
  await h?.close();
  await dropDb?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function migrateTo(name: string) {
  const migrator = new Migrator({ db: h.db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}

describe('202611290100-section-row-ids', () => {
  it('gives stored rows ids and moves each image from its row position to its row id', async () => {
    await migrateTo('202611270200-expert-review');
    await seedDemoData(h.db, { years: TEST_YEARS, openYears: TEST_YEARS });
    const db = h.db as unknown as Kysely<any>;
    const user = await sql<{ id: number }>`select id from app_user where username = ${DEMO_APPLICANT_ID}`.execute(db);
    const unit = await sql<{ id: number }>`select id from organisation where kind = 'recommending' order by id limit 1`.execute(db);
    const specialty = await sql<{ id: number }>`select id from specialty order by id limit 1`.execute(db);
    const userId = user.rows[0]!.id;
    const app = await sql<{ id: number }>`
      insert into application (applicant_id, year, specialty_id, level, recommending_org_id)
      values (${userId}, ${TEST_YEARS[0]}, ${specialty.rows[0]!.id}, 'middle', ${unit.rows[0]!.id}) returning id`.execute(db);
    const appId = app.rows[0]!.id;
    const a2 = { fields: {}, rows: [{ school: '伊宁市卫生学校' }, { school: '新疆医科大学' }] };
    await sql`insert into section (application_id, code, data) values (${appId}, 'A2', ${JSON.stringify(a2)}::jsonb)`.execute(db);
    await sql`insert into blob (sha256, bytes, mime) values ('b1', 1, 'image/jpeg'), ('b2', 1, 'image/jpeg'), ('b3', 1, 'image/jpeg'), ('b4', 1, 'image/jpeg')`.execute(db);
    // row 1's diploma, row 0's record, a diploma of a row deleted long ago (index 5), and A7's letter
    for (const [slot, sha, section] of [['1:diploma', 'b1', 'A2'], ['0:record', 'b2', 'A2'], ['5:diploma', 'b3', 'A2'], ['letter', 'b4', 'A7']] as const) {
      await sql`insert into attachment (application_id, section_code, slot, original_name, blob_sha256, created_by)
        values (${appId}, ${section}, ${slot}, ${slot}, ${sha}, ${userId})`.execute(db);
    }

    // a ballot opened before 202611291200-ballot-box, with plain-text votes (checked below)
    const org = await sql<{ id: number }>`select id from organisation order by id limit 1`.execute(db);
    const meeting = await sql<{ id: number }>`
      insert into meeting (committee_org_id, year, series, level, title, status, scheduled_at, criteria, ballot_opened_at, created_by)
      values (${org.rows[0]!.id}, ${TEST_YEARS[0]}, '卫生系列', 'middle', '迁移前开始投票的会', 'voting', now(), '[]'::jsonb, now(), ${userId}) returning id`.execute(db);
    openBallotMeetingId = meeting.rows[0]!.id;
    await sql`insert into meeting_application (meeting_id, application_id) values (${openBallotMeetingId}, ${appId})`.execute(db);
    await sql`insert into ballot_cast (meeting_id, application_id, expert_id) values (${openBallotMeetingId}, ${appId}, ${userId})`.execute(db);
    await sql`insert into vote (meeting_id, application_id, choice) values (${openBallotMeetingId}, ${appId}, 'approve')`.execute(db);

    await migrateToLatest(h.db);

    const section = await h.db.selectFrom('section').select('data').where('applicationId', '=', appId).where('code', '=', 'A2').executeTakeFirstOrThrow();
    const rows = (section.data as { rows: Array<{ rowId: string; school: string }> }).rows;
    expect(rows.map((r) => r.school)).toEqual(['伊宁市卫生学校', '新疆医科大学']);
    expect(rows.every((r) => /^[A-Za-z0-9_-]{8}$/.test(r.rowId))).toBe(true);
    const images = await h.db.selectFrom('attachment').select(['blobSha256', 'rowId', 'slot']).where('applicationId', '=', appId).orderBy('blobSha256').execute();
    expect(images[0]).toEqual({ blobSha256: 'b1', rowId: rows[1]!.rowId, slot: 'diploma' });
    expect(images[1]).toEqual({ blobSha256: 'b2', rowId: rows[0]!.rowId, slot: 'record' });
    expect(images[2]!.slot).toBe('diploma');
    expect(rows.map((r) => r.rowId)).not.toContain(images[2]!.rowId);
    expect(images[3]).toEqual({ blobSha256: 'b4', rowId: null, slot: 'letter' });
  });
});

describe('202611291200-ballot-box', () => {
  it('drops the plain-text votes and sends a ballot open at migration back to 未开始投票, audited', async () => {
    const db = h.db as unknown as Kysely<any>;
    const vote = await sql`select 1 from information_schema.tables where table_name = 'vote'`.execute(db);
    expect(vote.rows).toEqual([]);
    const m = await h.db.selectFrom('meeting').select(['status', 'ballotOpenedAt', 'ballotPublicKey']).where('id', '=', openBallotMeetingId).executeTakeFirstOrThrow();
    expect(m).toEqual({ status: 'planned', ballotOpenedAt: null, ballotPublicKey: null });
    expect(await h.db.selectFrom('ballotCast').select('expertId').where('meetingId', '=', openBallotMeetingId).execute()).toEqual([]);
    const audit = await h.db.selectFrom('auditLog').select(['action', 'fromStatus', 'toStatus', 'detail']).where('action', '=', 'ballot_reset').execute();
    expect(audit).toEqual([{ action: 'ballot_reset', fromStatus: 'voting', toStatus: 'planned', detail: { meetingId: openBallotMeetingId } }]);
  });
});
