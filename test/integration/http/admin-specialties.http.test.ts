// 系列与专业 administration (issue 10): only the bureau administrator; add (a new code adds a
// series), rename, assign the committee, deactivate (applicants no longer choose it); every change
// audited; bad input refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { loginAs, SAME_ORIGIN, type Client } from '../../support/http-client';
import { orgId } from '../../support/expert-fixtures';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let admin: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  admin = await loginAs(sys.app, 'bureau');
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const patch = (c: Client, url: string, payload: object) => sys.app.inject({ method: 'PATCH', url, headers: { cookie: c.cookie, ...SAME_ORIGIN }, payload });

async function audit(action: string) {
  return sys.db.selectFrom('auditLog').select(['actorId', 'detail']).where('action', '=', action).execute();
}

describe('series and specialties', () => {
  it('refuses other roles', async () => {
    const finance = await loginAs(sys.app, 'finance');
    expect((await finance.get('/api/admin/specialties')).statusCode).toBe(403);
    expect((await finance.post('/api/admin/specialties', { seriesCode: 'JY', series: '教育系列', name: '中学数学', committeeId: null })).statusCode).toBe(403);
  });

  it('lists the series with their specialties, committees and file counts', async () => {
    const res = await admin.get('/api/admin/specialties');
    expect(res.statusCode).toBe(200);
    const ws = res.json().series.find((s: { seriesCode: string }) => s.seriesCode === 'WS');
    expect(ws.series).toBe('卫生系列');
    expect(ws.specialties.map((s: { name: string }) => s.name)).toContain('临床医学');
    expect(ws.specialties[0].committeeName).toBe('伊犁哈萨克自治州卫生系列中级职称评审委员会');
  });

  it('adds a specialty in a new series, audited; a duplicate and bad input are refused', async () => {
    const committeeId = await orgId(sys.db, 'cmt-eng');
    const res = await admin.post('/api/admin/specialties', { seriesCode: 'jy', series: '教育系列', name: '中学数学', committeeId });
    expect(res.statusCode).toBe(201);
    const row = await sys.db.selectFrom('specialty').select(['seriesCode', 'series', 'name', 'committeeId', 'active']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ seriesCode: 'JY', series: '教育系列', name: '中学数学', committeeId, active: true });
    expect((await audit('specialty_added'))[0].detail).toMatchObject({ specialtyId: res.json().id, seriesCode: 'JY' });

    const dup = await admin.post('/api/admin/specialties', { seriesCode: 'JY', series: '教育系列', name: '中学数学', committeeId });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ALREADY_EXISTS');

    const mismatch = await admin.post('/api/admin/specialties', { seriesCode: 'WS', series: '教育系列', name: '小学语文', committeeId: null });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().errors[0].field).toBe('series');

    const badCode = await admin.post('/api/admin/specialties', { seriesCode: 'J1', series: '某系列', name: '某专业', committeeId: null });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().errors).toContainEqual({ field: 'seriesCode', message: '系列代码应为1—6个大写字母，如 WS（用于材料编号）' });

    const notCommittee = await admin.post('/api/admin/specialties', { seriesCode: 'JY', series: '教育系列', name: '小学语文', committeeId: await orgId(sys.db, 'hosp') });
    expect(notCommittee.statusCode).toBe(422);
    expect(notCommittee.json().errors).toContainEqual({ field: 'committeeId', message: '所选评审委员会不存在，请重新选择' });
  });

  it('renames a specialty, assigns a committee, and deactivates it: applicants no longer see it', async () => {
    const s = await sys.db.selectFrom('specialty').select('id').where('name', '=', '中学数学').executeTakeFirstOrThrow();
    const health = await orgId(sys.db, 'cmt-health');
    const res = await patch(admin, `/api/admin/specialties/${s.id}`, { name: '中学数学教学', committeeId: health });
    expect(res.statusCode).toBe(200);
    expect(res.json().changed.sort()).toEqual(['committeeId', 'name']);
    expect((await audit('specialty_changed'))[0].detail).toMatchObject({ before: { name: '中学数学' }, after: { name: '中学数学教学', committeeId: health } });

    const applicant = await loginAs(sys.app, DEMO_APPLICANT_ID);
    expect((await applicant.get('/api/catalog')).json().specialties.map((x: { id: number }) => x.id)).toContain(s.id);
    expect((await patch(admin, `/api/admin/specialties/${s.id}`, { active: false })).statusCode).toBe(200);
    expect((await audit('specialty_deactivated')).length).toBe(1);
    expect((await applicant.get('/api/catalog')).json().specialties.map((x: { id: number }) => x.id)).not.toContain(s.id);
    const create = await applicant.post('/api/applicant/applications', { year: 2026, specialtyId: s.id, level: 'middle', recommendingOrgId: await orgId(sys.db, 'hosp') });
    expect(create.statusCode).toBe(422);
    expect(create.json().errors[0].field).toBe('specialtyId');

    expect((await patch(admin, '/api/admin/specialties/999999', { active: false })).statusCode).toBe(404);
  });

  it('renames a series with its meetings', async () => {
    const meeting = await sys.db
      .insertInto('meeting')
      .values({ committeeOrgId: await orgId(sys.db, 'cmt-health'), year: 2026, series: '教育系列', level: 'middle', title: '教育系列评审会', scheduledAt: new Date('2026-05-01T02:00:00Z'), criteria: JSON.stringify([]), createdBy: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await admin.put('/api/admin/series/JY', { series: '教育教学系列' });
    expect(res.statusCode).toBe(200);
    const rows = await sys.db.selectFrom('specialty').select('series').where('seriesCode', '=', 'JY').execute();
    expect(rows.every((r) => r.series === '教育教学系列')).toBe(true);
    expect((await sys.db.selectFrom('meeting').select('series').where('id', '=', meeting.id).executeTakeFirstOrThrow()).series).toBe('教育教学系列');
    expect((await audit('series_renamed'))[0].detail).toEqual({ seriesCode: 'JY', from: '教育系列', to: '教育教学系列' });
    const taken = await admin.put('/api/admin/series/JY', { series: '卫生系列' });
    expect(taken.statusCode).toBe(409);
    expect((await admin.put('/api/admin/series/ZZ', { series: '某系列' })).statusCode).toBe(404);
  });
});
