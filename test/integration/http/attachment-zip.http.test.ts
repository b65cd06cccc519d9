// Issue 11 "Work in bulk": a file's attachments as one zip, originals for the auditing units and
// masked copies for the committee office (B5); experts and other organisations get nothing.
import crypto from 'node:crypto';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile, uploadUnitScans, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { phonePhotoWithGps } from '../../support/declaration-fixture';

let sys: TestSystem;
let unit: Client, agency: Client, competent: Client, committee: Client, expert: Client;
let A: Filed;
let originals: Map<string, string>; // sha256 → original name

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  sys = await createTestSystem();
  [unit, agency, competent, committee, expert] = await Promise.all(['unit', 'agency', 'competent', 'committee', 'expert1'].map((u) => loginAs(sys.app, u)));
  A = await submittedFile(sys.app, 41, '迪丽拜尔·阿不都');
  const rows = await sys.db.selectFrom('attachment').select(['blobSha256', 'originalName']).where('applicationId', '=', A.id).execute();
  originals = new Map(rows.map((r) => [r.blobSha256, r.originalName]));
}, 120_000);
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function download(c: Client, stage: string) {
  const r = await c.get(`/api/${stage}/applications/${A.id}/attachments.zip`);
  return r;
}

describe('attachment zip', () => {
  it('gives the recommending unit every original, in Chinese-named section folders', async () => {
    const r = await download(unit, 'unit');
    expect(r.statusCode, r.rawPayload.toString().slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(`${A.name}_申报材料附件（原件）.zip`);
    const entries = unzipSync(new Uint8Array(r.rawPayload));
    const names = Object.keys(entries);
    expect(names).toHaveLength(originals.size);
    expect(names.some((n) => n.startsWith('A1 基本信息/'))).toBe(true);
    for (const bytes of Object.values(entries)) expect(originals.has(sha(bytes))).toBe(true);
  });

  it('gives the committee office masked copies only, never an original', async () => {
    // Move the file to the committee: publicity, recommend, stamped 附件4, forward.
    const v = async () => (await sys.db.selectFrom('application').select('version').where('id', '=', A.id).executeTakeFirstOrThrow()).version;
    expect((await unit.post(`/api/unit/applications/${A.id}/publicity`, { version: await v(), officeName: '人事科', supervisionPhone: '0999-8021234' })).statusCode).toBe(200);
    sys.clock.set('2026-03-10T01:00:00Z');
    for (const c of [unit, competent, committee, expert, agency]) c.cookie = (await loginAs(sys.app, c === unit ? 'unit' : c === competent ? 'competent' : c === committee ? 'committee' : c === expert ? 'expert1' : 'agency')).cookie;
    await uploadUnitScans(unit, A.id);
    expect((await unit.post(`/api/unit/applications/${A.id}/recommend`, { version: await v() })).statusCode).toBe(200);
    const up = await competent.upload(`/api/competent/applications/${A.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4.jpg', bytes: await phonePhotoWithGps() });
    expect(up.statusCode).toBe(201);
    expect((await competent.post(`/api/competent/applications/${A.id}/recommend`, { version: await v() })).statusCode).toBe(200);

    const r = await download(committee, 'committee');
    expect(r.statusCode, r.rawPayload.toString().slice(0, 300)).toBe(200);
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain('申报材料附件（遮盖件）.zip');
    const entries = unzipSync(new Uint8Array(r.rawPayload));
    const images = Object.entries(entries).filter(([n]) => n.endsWith('.jpg'));
    expect(images).toHaveLength(originals.size);
    for (const [name, bytes] of images) {
      expect(originals.has(sha(bytes)), `${name} is an original`).toBe(false);
      const meta = await sharp(Buffer.from(bytes)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
    }
  });

  it('refuses experts, applicants and other organisations', async () => {
    expect((await download(expert, 'committee')).statusCode).toBe(403);
    A.applicant.cookie = (await loginAs(sys.app, A.idNumber, 'Secret#2026')).cookie; // the clock moved past the session
    expect((await download(A.applicant, 'unit')).statusCode).toBe(403);
    const other = await download(agency, 'unit');
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect((await unit.get('/api/unit/applications/999999/attachments.zip')).statusCode).toBe(404);
  });
});
