// Issue 10 item 3, the organisation paths of the spec over HTTP:
// U4 a freelancer's file through a personnel agency (人事代理机构) to the bureau, whose administrator
//    acts as 主管单位, then the committee;
// U5 an aid posting's file needs the dispatching unit's (派出单位) approval on record before the
//    recommending unit may recommend it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client, type Res } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';

let sys: TestSystem;
let unit: Client, agency: Client, competent: Client, committee: Client, bureau: Client;
let F: Filed; // U4 freelancer through the agency
let G: Filed; // U5 aid posting at the hospital

const AGENCY = '伊犁哈萨克自治州人才交流服务中心';
const publicityBody = { officeName: '人事代理部', supervisionPhone: '0999-8021235' };

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}
async function view(c: Client, stage: string, id: number) {
  return ok(await c.get(`/api/${stage}/applications/${id}`));
}
const version = async (c: Client, stage: string, id: number) => (await view(c, stage, id)).application.version as number;
async function statusOf(id: number) {
  return (await sys.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

async function loginStaff() {
  [unit, agency, competent, committee, bureau] = await Promise.all(['unit', 'agency', 'competent', 'committee', 'bureau'].map((u) => loginAs(sys.app, u)));
}

beforeAll(async () => {
  sys = await createTestSystem(); // Monday 2026-03-02 10:00 in Shanghai
  await loginStaff();
  F = await submittedFile(sys.app, 41, '买买提·艾力', { unitName: AGENCY });
  G = await submittedFile(sys.app, 42, '努尔古丽·吐尔洪', { aidPosting: true });
});

afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('U4: a freelancer through a personnel agency to the bureau', () => {
  it('the applicant picked the agency: it is the file’s recommending unit and the bureau its 主管单位', async () => {
    const orgs = await sys.db.selectFrom('organisation').select(['id', 'code']).where('code', 'in', ['agency', 'bureau']).execute();
    const id = (code: string) => orgs.find((o) => o.code === code)!.id;
    const app = await sys.db.selectFrom('application').select(['recommendingOrgId', 'competentOrgId', 'status']).where('id', '=', F.id).executeTakeFirstOrThrow();
    expect(app).toEqual({ recommendingOrgId: id('agency'), competentOrgId: id('bureau'), status: 'submitted' });
  });

  it('the agency sees it (the hospital does not) and starts the publicity', async () => {
    expect((await agency.get('/api/unit/applications')).json().items.map((i: { id: number }) => i.id)).toContain(F.id);
    expect((await unit.get(`/api/unit/applications/${F.id}`)).statusCode).toBe(404);
    const res = ok(await agency.post(`/api/unit/applications/${F.id}/publicity`, { version: await version(agency, 'unit', F.id), ...publicityBody }));
    expect(res).toMatchObject({ status: 'in_publicity', endsOn: '2026-03-09' });
    const notice = await agency.get(`/api/applications/${F.id}/documents/publicity_notice?format=pdf`);
    expect(notice.statusCode).toBe(200);
    const up = await agency.upload(`/api/unit/applications/${F.id}/documents`, { kind: 'publicity_notice' }, { name: '附件2盖章.jpg', bytes: await makeJpeg() });
    expect(up.statusCode, up.rawPayload.toString()).toBe(201);
  });

  it('after the publicity the agency recommends; the bureau is told, not a competent unit', async () => {
    sys.clock.set('2026-03-10T01:00:00Z');
    await loginStaff();
    const res = ok(await agency.post(`/api/unit/applications/${F.id}/recommend`, { version: await version(agency, 'unit', F.id) }));
    expect(res.status).toBe('unit_recommended');
    const notes = ok(await bureau.get('/api/notifications'));
    expect(notes.items.some((n: { applicationId: number; text: string }) => n.applicationId === F.id && /请审核/.test(n.text))).toBe(true);
    expect((await competent.get(`/api/competent/applications/${F.id}`)).statusCode).toBe(404);
  });

  it('the bureau administrator, acting as 主管单位, needs 附件4 and then recommends to the committee', async () => {
    expect((await bureau.get('/api/competent/applications')).json().items.map((i: { id: number }) => i.id)).toContain(F.id);
    const early = await bureau.post(`/api/competent/applications/${F.id}/recommend`, { version: await version(bureau, 'competent', F.id) });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('SCAN_REQUIRED');
    // 附件4 names the bureau as the recommending authority
    const gen = await bureau.get(`/api/applications/${F.id}/documents/competent_recommendation?format=pdf`);
    expect(gen.statusCode, gen.rawPayload.toString().slice(0, 300)).toBe(200);
    ok(await bureau.upload(`/api/competent/applications/${F.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await makeJpeg() }), 201);
    const res = ok(await bureau.post(`/api/competent/applications/${F.id}/recommend`, { version: await version(bureau, 'competent', F.id), opinion: '经审核，同意推荐。' }));
    expect(res.status).toBe('competent_recommended');
    const audit = await sys.db.selectFrom('auditLog').innerJoin('appUser', 'appUser.id', 'auditLog.actorId').select(['auditLog.action', 'appUser.username']).where('applicationId', '=', F.id).where('action', 'in', ['start_publicity', 'unit_recommend', 'competent_recommend']).orderBy('auditLog.id').execute();
    expect(audit).toEqual([
      { action: 'start_publicity', username: 'agency' },
      { action: 'unit_recommend', username: 'agency' },
      { action: 'competent_recommend', username: 'bureau' },
    ]);
  });

  it('the committee accepts the file', async () => {
    const res = ok(await committee.post(`/api/committee/applications/${F.id}/accept`, { version: await version(committee, 'committee', F.id) }));
    expect(res.status).toBe('accepted');
    expect(await statusOf(F.id)).toBe('accepted');
  });
});

describe('U5: an aid posting needs the dispatching unit’s approval before the unit recommends', () => {
  it('the unit sees the aid posting and what it must collect', async () => {
    sys.clock.set('2026-03-02T02:00:00Z');
    await loginStaff();
    const v = await view(unit, 'unit', G.id);
    expect(v.aidPosting).toBe(true);
    expect(v.requiredScans).toEqual([{ kind: 'aid_approval', title: '派出单位审核同意材料', uploaded: false }]);
    ok(await unit.post(`/api/unit/applications/${G.id}/publicity`, { version: v.application.version, ...publicityBody }));
  });

  it('refuses to recommend without the approval on record, with a clear message, and changes nothing', async () => {
    sys.clock.set('2026-03-10T01:00:00Z');
    await loginStaff();
    const res = await unit.post(`/api/unit/applications/${G.id}/recommend`, { version: await version(unit, 'unit', G.id) });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'AID_APPROVAL_REQUIRED', title: '需派出单位审核同意' });
    expect(res.json().detail).toContain('派出单位');
    expect(res.json().detail).toContain('审核同意材料');
    expect(await statusOf(G.id)).toBe('in_publicity');
  });

  it('records the approval (the unit uploads the dispatching unit’s stamped approval), then recommends', async () => {
    const up = ok(await unit.upload(`/api/unit/applications/${G.id}/documents`, { kind: 'aid_approval' }, { name: '派出单位审核同意.pdf', bytes: Buffer.from('%PDF-1.4\n%派出单位同意\n') }), 201);
    expect(up.label).toBe('派出单位审核同意材料');
    const audit = await sys.db.selectFrom('auditLog').select(['action', 'detail']).where('applicationId', '=', G.id).where('action', '=', 'upload_review_document').execute();
    expect(audit).toEqual([{ action: 'upload_review_document', detail: expect.objectContaining({ kind: 'aid_approval' }) }]);
    const v = await view(unit, 'unit', G.id);
    expect(v.requiredScans).toEqual([{ kind: 'aid_approval', title: '派出单位审核同意材料', uploaded: true }]);
    const res = ok(await unit.post(`/api/unit/applications/${G.id}/recommend`, { version: v.application.version }));
    expect(res.status).toBe('unit_recommended');
    // the competent unit and the applicant see the recorded approval among the file's scans
    const atCompetent = await view(competent, 'competent', G.id);
    expect(atCompetent.reviewDocuments.map((d: { kind: string }) => d.kind)).toContain('aid_approval');
  });

  it('a file that is not an aid posting needs no approval', async () => {
    const v = await view(committee, 'committee', F.id);
    expect(v.aidPosting).toBe(false);
    expect(v.requiredScans).toEqual([]);
  });
});
