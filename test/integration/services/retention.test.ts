// Issue 9 item 12: the daily collection deletes what nobody refers to any more, after the retention
// period, from a real blob store in a temp folder: a deleted attachment's files and blob rows,
// crash leftovers (.tmp files, stored files whose row never committed) and ended sessions.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { checkInvariants } from '../../../src/db/invariants';
import { JobRunner } from '../../../src/jobs/runner';
import { buildHandlers } from '../../../src/jobs/handlers';
import { retentionSweepKey } from '../../../src/domain/retention';
import { scheduleRetentionSweep } from '../../../src/services/retention.service';
import { sha256Hex } from '../../../src/storage/blob-store';
import { createTestSystem, makeClock, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

let sys: TestSystem;
let c: Client;
let appId: number;
let sweeper: JobRunner;
let root: string;

// File times are real, so the test clock starts at the real time.
beforeAll(async () => {
  sys = await createTestSystem({ clock: makeClock(new Date().toISOString()) });
  root = (sys.ctx.blobs as unknown as { root: string }).root;
  sweeper = new JobRunner({ db: sys.db, handlers: buildHandlers(sys.services), now: sys.clock.now, names: ['retention_sweep'] });
  c = await loginAs(sys.app, DEMO_APPLICANT_ID);
  const cat = (await c.get('/api/catalog')).json();
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits[0].id });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  appId = res.json().id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const fileOf = (sha: string) => path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
const blobRow = (sha: string) => sys.db.selectFrom('blob').select(['sha256', 'unreferencedSince']).where('sha256', '=', sha).executeTakeFirst();

async function upload() {
  const res = await c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A7', slot: 'letter' }, { name: '身份证.jpg', bytes: await makeJpeg() });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  // the thumbnail is a derived copy made after the upload; asking for it makes it now
  expect((await c.get(`/api/attachments/${res.json().id}/thumb`)).statusCode).toBe(200);
  const row = await sys.db.selectFrom('attachment').select(['id', 'blobSha256', 'thumbSha256']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
  return { id: row.id, shas: [row.blobSha256, row.thumbSha256!] };
}

function backdate(file: string, ms: number) {
  const t = new Date(sys.clock.now().getTime() - ms);
  fs.utimesSync(file, t, t);
}

async function sweepAudits() {
  return sys.db.selectFrom('auditLog').select(['detail', 'at']).where('action', '=', 'retention_sweep').orderBy('id').execute();
}

describe('daily collection', () => {
  let kept: Awaited<ReturnType<typeof upload>>;
  let deleted: Awaited<ReturnType<typeof upload>>;
  let oldTemp: string;
  let freshTemp: string;
  let orphanFile: string;

  it('schedules itself once per day: a restart keeps the day’s run', async () => {
    await scheduleRetentionSweep(sys.db, sys.clock.now());
    await scheduleRetentionSweep(sys.db, sys.clock.now());
    const jobs = await sys.db.selectFrom('job').select(['key', 'status']).where('name', '=', 'retention_sweep').execute();
    expect(jobs).toEqual([{ key: retentionSweepKey(sys.clock.now()), status: 'queued' }]);
  });

  it('keeps a deleted attachment for the retention period; removes crash leftovers older than an hour and ended sessions', async () => {
    kept = await upload();
    deleted = await upload();
    expect((await c.del(`/api/applicant/applications/${appId}/attachments/${deleted.id}`)).statusCode).toBe(204);

    // a write interrupted by a crash two hours ago, and one in progress now
    const dir = path.dirname(fileOf(kept.shas[0]));
    oldTemp = path.join(dir, `${kept.shas[0]}.4242.abcd1234.tmp`);
    freshTemp = path.join(dir, `${kept.shas[0]}.4243.abcd1235.tmp`);
    fs.writeFileSync(oldTemp, 'torn');
    fs.writeFileSync(freshTemp, 'half');
    backdate(oldTemp, 2 * HOUR);
    // a file stored just before a crash, whose row never committed, and one whose upload is under way
    const orphanSha = await sys.ctx.blobs.put(Buffer.from('crash leftover'));
    orphanFile = fileOf(orphanSha);
    backdate(orphanFile, 2 * HOUR);
    const inFlightSha = await sys.ctx.blobs.put(Buffer.from('upload under way'));

    const now = sys.clock.now();
    const user = await sys.db.selectFrom('appUser').select('id').where('username', '=', DEMO_APPLICANT_ID).executeTakeFirstOrThrow();
    await sys.db
      .insertInto('session')
      .values([
        { tokenHash: 'ended-absolute', userId: user.id, expiresAt: new Date(now.getTime() - 1000), lastSeenAt: new Date(now.getTime() - 2000) },
        { tokenHash: 'ended-idle', userId: user.id, expiresAt: new Date(now.getTime() + DAY), lastSeenAt: new Date(now.getTime() - 3 * HOUR) },
      ])
      .execute();

    await scheduleRetentionSweep(sys.db, now);
    expect(await sweeper.drain()).toBe(1);

    expect(fs.existsSync(oldTemp)).toBe(false);
    expect(fs.existsSync(freshTemp)).toBe(true);
    expect(fs.existsSync(orphanFile)).toBe(false);
    expect(fs.existsSync(fileOf(inFlightSha))).toBe(true);
    for (const sha of deleted.shas) {
      expect(fs.existsSync(fileOf(sha))).toBe(true);
      expect((await blobRow(sha))?.unreferencedSince).toEqual(now);
    }
    for (const sha of kept.shas) expect((await blobRow(sha))?.unreferencedSince).toBeNull();
    const sessions = await sys.db.selectFrom('session').select('tokenHash').execute();
    expect(sessions.map((s) => s.tokenHash)).not.toContain('ended-absolute');
    expect(sessions.map((s) => s.tokenHash)).not.toContain('ended-idle');
    expect(sessions.length).toBeGreaterThan(0); // the applicant's own, still in use
    const [audit] = await sweepAudits();
    expect(audit.detail).toMatchObject({ blobsUnreferenced: 2, blobsDeleted: 0, tempFiles: 1, filesWithoutRow: 1, sessions: 2, retentionDays: 30 });
  });

  it('arms the next day’s run, and still keeps the deleted attachment after 29 days', async () => {
    sys.clock.advance(DAY);
    expect(await sweeper.drain()).toBe(1);
    sys.clock.advance(28 * DAY);
    // the clock jumped: the armed run is due at once and arms the next a day later
    expect(await sweeper.drain()).toBe(1);
    for (const sha of deleted.shas) {
      expect(fs.existsSync(fileOf(sha))).toBe(true);
      expect(await blobRow(sha)).toBeDefined();
    }
  });

  it('deletes the deleted attachment’s files and blob rows after 30 days, keeping what is referenced, and audits the counts', async () => {
    sys.clock.advance(2 * DAY);
    while ((await sweeper.drain()) > 0);
    c = await loginAs(sys.app, DEMO_APPLICANT_ID); // the session from the start ended (idle) meanwhile
    for (const sha of deleted.shas) {
      expect(fs.existsSync(fileOf(sha))).toBe(false);
      expect(await blobRow(sha)).toBeUndefined();
    }
    for (const sha of kept.shas) {
      expect(fs.existsSync(fileOf(sha))).toBe(true);
      expect(await blobRow(sha)).toBeDefined();
    }
    const original = await c.get(`/api/attachments/${kept.id}/original`);
    expect(original.statusCode).toBe(200);
    expect(sha256Hex(original.rawPayload)).toBe(kept.shas[0]);
    const audits = await sweepAudits();
    const total = audits.reduce((n, a) => n + Number((a.detail as { blobsDeleted: number }).blobsDeleted), 0);
    expect(total).toBe(2);
    // the fresh temp file of the first day is a leftover by now
    expect(fs.existsSync(freshTemp)).toBe(false);
  });

  it('restarts the retention of a blob uploaded again before it ended', async () => {
    const bytes = await makeJpeg();
    c = await loginAs(sys.app, DEMO_APPLICANT_ID);
    const up = async () => c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A7', slot: 'letter' }, { name: 'again.jpg', bytes });
    const first = await up();
    expect(first.statusCode).toBe(201);
    expect((await c.del(`/api/applicant/applications/${appId}/attachments/${first.json().id}`)).statusCode).toBe(204);
    sys.clock.advance(DAY);
    while ((await sweeper.drain()) > 0);
    const sha = (await sys.db.selectFrom('auditLog').select('detail').where('action', '=', 'delete_attachment').orderBy('id', 'desc').executeTakeFirstOrThrow()).detail as { sha256: string };
    expect((await blobRow(sha.sha256))?.unreferencedSince).not.toBeNull();
    c = await loginAs(sys.app, DEMO_APPLICANT_ID);
    const second = await up();
    expect(second.statusCode).toBe(201);
    sys.clock.advance(40 * DAY);
    while ((await sweeper.drain()) > 0);
    expect((await blobRow(sha.sha256))?.unreferencedSince).toBeNull();
    expect(fs.existsSync(fileOf(sha.sha256))).toBe(true);
  });
});
