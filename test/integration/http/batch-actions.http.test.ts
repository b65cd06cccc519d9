// Issue 11 "Work in bulk": batch start publicity, recommend, forward and accept. Each file goes
// through the single-file use case (own transaction, audit row, transition()); the answer lists every
// file as 成功 or 失败 with the Chinese reason, and a refused file never undoes another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile as submitFile, uploadUnitScans, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { phonePhotoWithGps } from '../../support/declaration-fixture';
import { insertBulkFiles } from '../../support/bulk-files';

let sys: TestSystem;
let unit: Client, competent: Client, committee: Client;
let A: Filed, B: Filed, C: Filed;
let elsewhere: number; // a file of another unit: the demo unit must not reach it

beforeAll(async () => {
  sys = await createTestSystem(); // 2026-03-02 10:00 Asia/Shanghai, a Monday
  [unit, competent, committee] = await Promise.all(['unit', 'competent', 'committee'].map((u) => loginAs(sys.app, u)));
  A = await submitFile(sys.app, 31, '阿迪力·买买提');
  B = await submitFile(sys.app, 32, '布丽布丽·艾买提');
  C = await submitFile(sys.app, 33, '晨曦·努尔');
  [elsewhere] = await insertBulkFiles(sys.db, 1, { unit: 'tcm', from: 9001 });
}, 180_000);
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function versionOf(id: number) {
  return (await sys.db.selectFrom('application').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}
async function statusOf(id: number) {
  return (await sys.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}
async function auditCount(id: number, action: string) {
  return (await sys.db.selectFrom('auditLog').select('id').where('applicationId', '=', id).where('action', '=', action).execute()).length;
}
type Outcome = { id: number; ok: boolean; outcome: string; code: string | null; message: string; statusLabel: string | null };
function byId(results: Outcome[]) {
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describe('recommending unit', () => {
  it('starts the publicity of the files it may, and says why not for the others', async () => {
    const r = await unit.post('/api/unit/batch/publicity', {
      items: [
        { id: A.id, version: await versionOf(A.id) },
        { id: B.id, version: (await versionOf(B.id)) + 1 }, // not the version the file has now
        { id: C.id, version: await versionOf(C.id) },
        { id: elsewhere, version: 1 },
      ],
      officeName: '人事科',
      supervisionPhone: '0999-8021234',
    });
    expect(r.statusCode, r.rawPayload.toString()).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ succeeded: 2, failed: 2 });
    const res = byId(body.results);
    expect(res[A.id]).toMatchObject({ ok: true, outcome: '成功', statusLabel: '推荐单位公示中' });
    expect(res[C.id]).toMatchObject({ ok: true, outcome: '成功' });
    expect(res[B.id]).toMatchObject({ ok: false, outcome: '失败', code: 'VERSION_CONFLICT', message: '该材料已被他人修改，请刷新后重试' });
    // another unit's file: the same answer as a file that does not exist (existence never leaks)
    expect(res[elsewhere]).toMatchObject({ ok: false, outcome: '失败', code: 'NOT_FOUND', message: '申报材料不存在或无权查看' });
    expect(body.results.map((x: Outcome) => x.id)).toEqual([A.id, B.id, C.id, elsewhere]);
    expect([await statusOf(A.id), await statusOf(B.id), await statusOf(C.id)]).toEqual(['in_publicity', 'submitted', 'in_publicity']);
    expect(await auditCount(A.id, 'start_publicity')).toBe(1);
    expect(await auditCount(B.id, 'start_publicity')).toBe(0);
  });

  it('refuses to recommend before the publicity ends, file by file, with the reason', async () => {
    const r = await unit.post('/api/unit/batch/recommend', { items: [{ id: A.id, version: await versionOf(A.id) }, { id: B.id, version: await versionOf(B.id) }] });
    expect(r.statusCode).toBe(200);
    const res = byId(r.json().results);
    expect(res[A.id]).toMatchObject({ ok: false, outcome: '失败' });
    expect(res[A.id].message).toMatch(/公示/);
    expect(res[B.id]).toMatchObject({ ok: false, outcome: '失败', code: 'INVALID_TRANSITION' });
  });

  it('recommends after the publicity, every file through its own audited transition', async () => {
    sys.clock.set('2026-03-10T01:00:00Z'); // 09:00 the day after the fifth working day
    unit.cookie = (await loginAs(sys.app, 'unit')).cookie;
    competent.cookie = (await loginAs(sys.app, 'competent')).cookie;
    committee.cookie = (await loginAs(sys.app, 'committee')).cookie;
    for (const f of [A, C]) await uploadUnitScans(unit, f.id);
    const r = await unit.post('/api/unit/batch/recommend', { items: [{ id: A.id, version: await versionOf(A.id) }, { id: C.id, version: await versionOf(C.id) }] });
    expect(r.json()).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await statusOf(A.id)).toBe('unit_recommended');
    expect(await auditCount(C.id, 'unit_recommend')).toBe(1);
  });

  it('refuses an empty batch, an oversized one and another stage\'s batch route', async () => {
    expect((await unit.post('/api/unit/batch/recommend', { items: [] })).statusCode).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => ({ id: i + 1, version: 1 }));
    const big = await unit.post('/api/unit/batch/recommend', { items: many });
    expect(big.statusCode).toBe(400);
    expect(big.json().detail).toMatch(/所选材料/);
    const dup = await unit.post('/api/unit/batch/recommend', { items: [{ id: A.id, version: 1 }, { id: A.id, version: 1 }] });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().detail).toMatch(/重复/);
    expect((await unit.post('/api/committee/batch/accept', { items: [{ id: A.id, version: 1 }] })).statusCode).toBe(403);
  });
});

describe('competent unit and committee office', () => {
  it('forwards only the files with a stamped 附件4, and names what the others lack', async () => {
    const up = await competent.upload(`/api/competent/applications/${A.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await phonePhotoWithGps() });
    expect(up.statusCode, up.rawPayload.toString()).toBe(201);
    const r = await competent.post('/api/competent/batch/recommend', { items: [{ id: A.id, version: await versionOf(A.id) }, { id: C.id, version: await versionOf(C.id) }] });
    expect(r.statusCode).toBe(200);
    const res = byId(r.json().results);
    expect(res[A.id]).toMatchObject({ ok: true, outcome: '成功' });
    expect(res[C.id]).toMatchObject({ ok: false, outcome: '失败', code: 'SCAN_REQUIRED' });
    expect(res[C.id].message).toMatch(/附件4/);
    expect(await statusOf(C.id)).toBe('unit_recommended');
  });

  it('accepts the files that reached the committee; a file still at the competent unit is not found', async () => {
    const r = await committee.post('/api/committee/batch/accept', { items: [{ id: A.id, version: await versionOf(A.id) }, { id: C.id, version: await versionOf(C.id) }] });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ succeeded: 1, failed: 1 });
    const res = byId(r.json().results);
    expect(res[A.id]).toMatchObject({ ok: true, statusLabel: '评审委员会已接收材料' });
    expect(res[C.id]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await statusOf(A.id)).toBe('accepted');
    expect(await auditCount(A.id, 'committee_accept')).toBe(1);
  });
});
