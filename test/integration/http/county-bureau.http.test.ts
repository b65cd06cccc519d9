// A county bureau's (县人社局) administrator holds `bureau_admin` at an organisation of kind
// 'county_bureau'. The prefecture's powers need the role at the prefecture bureau (kind 'bureau',
// src/domain/access.ts isPrefectureAdmin): the county administrator is refused each of them (403,
// or 404 where existence must not leak), and still does what R5 gives a county: its own entrustment
// and joint-review requests with their plan and letter, and its own county's files where the
// county bureau is their 主管单位.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client, type Res } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';
import { DEMO_PASSWORD } from '../../../src/db/seed';

let sys: TestSystem;
let bureau: Client, county: Client;
let countyOrgId = 0;
let hospitalFile: Filed; // a prefecture unit's file (主管单位: 州卫健委)
let countyFile: Filed; // a county school's file (主管单位: the county bureau)
let requestId = 0;
const COUNTY_PASSWORD = 'Yining#County2026';
const PLAN = { name: '评审方案.pdf', bytes: Buffer.from('%PDF-1.4\n%评审方案\n%%EOF') };

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}

/** A fresh account's first login: the one-time password changed to `password`, then signed in. */
async function firstLogin(username: string, oneTime: string, password: string): Promise<Client> {
  const first = await loginAs(sys.app, username, oneTime);
  ok(await first.post('/api/auth/password', { currentPassword: oneTime, newPassword: password }));
  return loginAs(sys.app, username, password);
}

const unitVersion = async (c: Client, id: number) => ok(await c.get(`/api/unit/applications/${id}`)).application.version as number;

function refused(res: Res, status: 403 | 404) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
}

beforeAll(async () => {
  sys = await createTestSystem(); // Monday 2026-03-02 10:00 in Shanghai
  bureau = await loginAs(sys.app, 'bureau');
  const orgs = ok(await bureau.get('/api/bureau/admin/organisations')).items as Array<{ id: number; code: string }>;
  const bureauId = orgs.find((o) => o.code === 'bureau')!.id;
  // the prefecture administrator adds the county bureau, a school under it, and the county's administrator
  countyOrgId = ok(await bureau.post('/api/bureau/admin/organisations', { code: 'yining-county', name: '伊宁县人力资源和社会保障局', kind: 'county_bureau', parentId: bureauId, aliases: ['伊宁县人社局'] }), 201).id;
  const schoolId = ok(await bureau.post('/api/bureau/admin/organisations', { code: 'yn-school', name: '伊宁县第一中学', kind: 'recommending', parentId: countyOrgId, aliases: [] }), 201).id;
  const admin = ok(await bureau.post('/api/bureau/admin/users', { username: 'yn-admin', displayName: '伊宁县人社局管理员', memberships: [{ role: 'bureau_admin', organisationId: countyOrgId }] }), 201);
  const reviewer = ok(await bureau.post('/api/bureau/admin/users', { username: 'yn-unit', displayName: '县一中人事干事', memberships: [{ role: 'unit_reviewer', organisationId: schoolId }] }), 201);
  const me = await firstLogin('yn-admin', admin.password, COUNTY_PASSWORD);
  expect(ok(await me.get('/api/me')).user.roles).toEqual([expect.objectContaining({ role: 'bureau_admin', roleLabel: '县（市）人社局管理员', organisationKind: 'county_bureau' })]);
  await firstLogin('yn-unit', reviewer.password, COUNTY_PASSWORD);
  hospitalFile = await submittedFile(sys.app, 61, '热合曼·阿不都');
  countyFile = await submittedFile(sys.app, 62, '古丽娜·买买提', { unitName: '伊宁县第一中学' });
  // U2/U3: each unit publicises for 5 working days, then recommends with its stamped 附件2 and 附件3
  const units: Array<[string, string, Filed]> = [['unit', DEMO_PASSWORD, hospitalFile], ['yn-unit', COUNTY_PASSWORD, countyFile]];
  for (const [username, password, f] of units) {
    const u = await loginAs(sys.app, username, password);
    ok(await u.post(`/api/unit/applications/${f.id}/publicity`, { version: await unitVersion(u, f.id), officeName: '人事科', supervisionPhone: '0999-8021234' }));
  }
  sys.clock.set('2026-03-10T02:00:00Z');
  for (const [username, password, f] of units) {
    const u = await loginAs(sys.app, username, password);
    for (const kind of ['publicity_notice', 'publicity_result']) ok(await u.upload(`/api/unit/applications/${f.id}/documents`, { kind }, { name: `${kind}.jpg`, bytes: await makeJpeg() }), 201);
    ok(await u.post(`/api/unit/applications/${f.id}/recommend`, { version: await unitVersion(u, f.id) }));
  }
  bureau = await loginAs(sys.app, 'bureau');
  county = await loginAs(sys.app, 'yn-admin', COUNTY_PASSWORD);
});

afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('a county administrator is refused every prefecture power', () => {
  it.each([
    ['review years and policy', 'GET', '/api/admin/years'],
    ['opening a review year', 'POST', '/api/admin/years'],
    ['the audit log', 'GET', '/api/admin/audit-log'],
    ['series and specialties', 'GET', '/api/admin/specialties'],
    ['the organisation tree', 'GET', '/api/bureau/admin/organisations'],
    ['accounts', 'GET', '/api/bureau/admin/users'],
    ['the expert pool', 'GET', '/api/bureau/admin/experts'],
    ['import templates', 'GET', '/api/bureau/admin/import-templates/users'],
    ['password reset', 'POST', '/api/bureau/users/password-reset'],
    ['the dashboard', 'GET', '/api/bureau/dashboard'],
    ['the applicants export', 'GET', '/api/bureau/dashboard/applicants.xlsx'],
    ['the integrity archive', 'GET', '/api/bureau/integrity-records'],
    ['the ban check', 'GET', '/api/bureau/integrity-check?idNumber=654002198605140011'],
    ['fee batches', 'GET', '/api/bureau/fee-batches?year=2026'],
  ] as const)('%s: 403', async (_name, method, url) => {
    const res = method === 'GET' ? await county.get(url) : await county.post(url, {});
    refused(res, 403);
  });

  it('records no integrity finding and revokes no certificate', async () => {
    const finding = await county.post('/api/bureau/integrity-records', { idNumber: hospitalFile.idNumber, finding: '提供虚假材料', decidedOn: '2026-03-02', documentRef: '伊州人社诚〔2026〕1号' });
    refused(finding, 403);
    refused(await county.post('/api/bureau/certificates/1/revoke', { reason: '弄虚作假' }), 403);
    expect(await sys.db.selectFrom('integrityRecord').select('id').execute()).toEqual([]);
  });

  it('adds no organisation and grants no role, not even at its own county', async () => {
    refused(await county.post('/api/bureau/admin/organisations', { code: 'yn-school2', name: '伊宁县第二中学', kind: 'recommending', parentId: countyOrgId, aliases: [] }), 403);
    refused(await county.post('/api/bureau/admin/users', { username: 'yn-reviewer', displayName: '县审核员', memberships: [{ role: 'competent_reviewer', organisationId: countyOrgId }] }), 403);
    expect(await sys.db.selectFrom('organisation').select('id').where('code', '=', 'yn-school2').execute()).toEqual([]);
    expect(await sys.db.selectFrom('appUser').select('id').where('username', '=', 'yn-reviewer').execute()).toEqual([]);
  });

  it('does not see a prefecture unit’s file at the competent stage: 404', async () => {
    refused(await county.get(`/api/competent/applications/${hospitalFile.id}`), 404);
  });
});

describe('a county administrator still does what R5 gives a county', () => {
  it('sees its own county’s file as its 主管单位', async () => {
    const app = await sys.db.selectFrom('application').select('competentOrgId').where('id', '=', countyFile.id).executeTakeFirstOrThrow();
    expect(app.competentOrgId).toBe(countyOrgId);
    expect(ok(await county.get(`/api/competent/applications/${countyFile.id}`)).application.status).toBe('unit_recommended');
  });

  it('files an entrustment request with its plan and lists it', async () => {
    const spec = await sys.db.selectFrom('specialty').select('id').where('name', '=', '护理').executeTakeFirstOrThrow();
    const eng = await sys.db.selectFrom('organisation').select('id').where('code', '=', 'cmt-eng').executeTakeFirstOrThrow();
    requestId = ok(
      await county.upload('/api/bureau/entrustments', { year: '2026', specialtyId: String(spec.id), kind: 'entrusted', targetOrgId: String(eng.id), reason: '本县护理专业评审专家不足' }, PLAN),
      201,
    ).id;
    expect(ok(await county.get('/api/bureau/entrustments')).items).toEqual([expect.objectContaining({ id: requestId, requesterName: '伊宁县人力资源和社会保障局', status: 'requested' })]);
  });

  it('does not decide its own request; the prefecture bureau does', async () => {
    refused(await county.post(`/api/bureau/entrustments/${requestId}/approve`, { letterNo: '伊州人社函〔2026〕7号' }), 403);
    refused(await county.post(`/api/bureau/entrustments/${requestId}/reject`, { note: '不同意' }), 403);
    ok(await bureau.post(`/api/bureau/entrustments/${requestId}/approve`, { letterNo: '伊州人社函〔2026〕7号' }));
    const pdf = await county.get(`/api/bureau/entrustments/${requestId}/letter?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the prefecture administrator keeps every power', async () => {
    ok(await bureau.get('/api/admin/years'));
    ok(await bureau.get('/api/bureau/dashboard'));
    ok(await bureau.get('/api/bureau/integrity-records'));
  });
});
