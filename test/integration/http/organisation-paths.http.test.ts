// Issue 10 item 3, the organisation paths of the spec over HTTP:
// U4 a freelancer's file through a personnel agency (人事代理机构) to the bureau, whose administrator
//    acts as 主管单位, then the committee;
// U5 an aid posting's file needs the dispatching unit's (派出单位) approval on record before the
//    recommending unit may recommend it;
// R5 county entrustment (委托评审) and joint review (联合评审): the plan filed before the review
//    starts, the region's department step recorded, the entrustment letter as PDF and DOCX.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client, type Res } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';
import { hashPassword } from '../../../src/auth/password';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { committeeFor } from '../../../src/services/entrustment.service';

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
    // U3: the stamped 附件3 too (the year's policy requires 附件2 and 附件3)
    ok(await agency.upload(`/api/unit/applications/${F.id}/documents`, { kind: 'publicity_result' }, { name: '附件3盖章.jpg', bytes: await makeJpeg() }), 201);
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
    // the stamped 附件2/3 of every file (the year's policy), and for this one the approval
    expect(v.requiredScans).toEqual([
      { kind: 'publicity_notice', title: '推荐单位公示（附件2）', uploaded: false },
      { kind: 'publicity_result', title: '推荐单位公示结果（附件3）', uploaded: false },
      { kind: 'aid_approval', title: '派出单位审核同意材料', uploaded: false },
    ]);
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
    for (const kind of ['publicity_notice', 'publicity_result']) {
      ok(await unit.upload(`/api/unit/applications/${G.id}/documents`, { kind }, { name: `${kind}盖章.jpg`, bytes: await makeJpeg() }), 201);
    }
    const v = await view(unit, 'unit', G.id);
    expect(v.requiredScans.map((r: { kind: string; uploaded: boolean }) => [r.kind, r.uploaded])).toEqual([
      ['publicity_notice', true],
      ['publicity_result', true],
      ['aid_approval', true],
    ]);
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

describe('R5: county entrustment and joint review', () => {
  let county: Client;
  let specialtyId: number; // 护理
  let pharmacyId: number; // 药学
  let engId: number;
  const PLAN = { name: '评审方案.pdf', bytes: Buffer.from('%PDF-1.4\n%评审方案\n%%EOF') };

  beforeAll(async () => {
    sys.clock.set('2026-03-10T02:00:00Z');
    await loginStaff();
    // a county bureau (县人社局) under the prefecture bureau, with its administrator
    const bureauOrg = await sys.db.selectFrom('organisation').select('id').where('code', '=', 'bureau').executeTakeFirstOrThrow();
    const org = await sys.db.insertInto('organisation').values({ code: 'yining-county', name: '伊宁县人力资源和社会保障局', kind: 'county_bureau', parentId: bureauOrg.id, aliases: ['伊宁县人社局'] }).returning('id').executeTakeFirstOrThrow();
    const u = await sys.db.insertInto('appUser').values({ username: 'county', displayName: '县人社局管理员', passwordHash: await hashPassword(DEMO_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await sys.db.insertInto('membership').values({ userId: u.id, organisationId: org.id, role: 'bureau_admin' }).execute();
    county = await loginAs(sys.app, 'county');
    const specs = await sys.db.selectFrom('specialty').select(['id', 'name']).execute();
    specialtyId = specs.find((x) => x.name === '护理')!.id;
    pharmacyId = specs.find((x) => x.name === '药学')!.id;
    engId = (await sys.db.selectFrom('organisation').select('id').where('code', '=', 'cmt-eng').executeTakeFirstOrThrow()).id;
  });

  const request = (c: Client, fields: Record<string, string>, plan = PLAN) => c.upload('/api/bureau/entrustments', { year: '2026', reason: '本县护理专业申报人数少，评审专家不足', ...fields }, plan);

  it('a county’s entrusted review needs its plan filed with the request', async () => {
    // a multipart form with the fields only, no plan file
    const boundary = '----zhipingNoPlan';
    const fields = { year: '2026', specialtyId: String(specialtyId), kind: 'entrusted', targetOrgId: String(engId), reason: '本县护理专业评审专家不足' };
    const payload = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
    const none = (await sys.app.inject({
      method: 'POST',
      url: '/api/bureau/entrustments',
      headers: { cookie: county.cookie, origin: 'http://localhost', 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })) as unknown as Res;
    expect(none.statusCode, none.rawPayload.toString()).toBe(422);
    expect(await sys.db.selectFrom('entrustment').select('id').execute()).toEqual([]);
    expect(none.json().errors.map((e: { field: string }) => e.field)).toContain('plan');
    expect(none.json().detail).toContain('县（市）委托评审须上传评审方案');
  });

  let countyId = 0;
  let meetingForF = 0;
  it('files it with the plan; the county lists only its own requests', async () => {
    countyId = ok(await request(county, { specialtyId: String(specialtyId), kind: 'entrusted', targetOrgId: String(engId) }), 201).id;
    const mine = ok(await county.get('/api/bureau/entrustments')).items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: countyId, hasPlan: true, needsRegionStep: false, requesterName: '伊宁县人力资源和社会保障局', status: 'requested' });
  });

  it('no review of the specialty starts while the request is undecided', async () => {
    // F (accepted) as a 护理 file with its fee confirmed, so the office can put it on a meeting
    await sys.db.updateTable('application').set({ specialtyId }).where('id', '=', F.id).execute();
    const now = sys.clock.now();
    const sha = 'f'.repeat(64);
    const by = (await sys.db.selectFrom('appUser').select('id').where('username', '=', 'finance').executeTakeFirstOrThrow()).id;
    const app = await sys.db.selectFrom('application').select('recommendingOrgId').where('id', '=', F.id).executeTakeFirstOrThrow();
    await sys.db.insertInto('blob').values({ sha256: sha, bytes: 1, mime: 'image/jpeg', width: null, height: null }).execute();
    const batch = await sys.db
      .insertInto('feeBatch')
      .values({ recommendingOrgId: app.recommendingOrgId!, year: 2026, amount: 300, payer: '马丽', paidAt: now, receiptSha256: sha, recordedBy: by, recordedAt: now, confirmedBy: by, confirmedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sys.db.insertInto('feeItem').values({ batchId: batch.id, applicationId: F.id }).execute();
    const m = ok(await committee.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: '护理专业评审会', scheduledAt: '2026-03-10T06:00:00Z' }), 201);
    expect(ok(await committee.get(`/api/committee/meetings/${m.id}/eligible-files`)).items.map((f: { applicationId: number }) => f.applicationId)).toContain(F.id);
    ok(await committee.put(`/api/committee/meetings/${m.id}/roster`, { expertIds: (await sys.db.selectFrom('appUser').select('id').where('username', 'in', ['expert1', 'expert2']).execute()).map((x) => x.id) }));
    const res = await committee.post(`/api/committee/meetings/${m.id}/assignments/auto`, { applicationIds: [F.id] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ENTRUSTMENT_PENDING', title: '委托（联合）评审待审批' });
    expect(res.json().detail).toContain('护理专业已申请委托评审');
    expect(await statusOf(F.id)).toBe('accepted');
    meetingForF = m.id;
  });

  it('a county request needs no region step; the prefecture bureau approves and the letter is a document', async () => {
    const region = await bureau.post(`/api/bureau/entrustments/${countyId}/region`, { regionRef: '新人社函〔2026〕1号', decidedOn: '2026-03-09' });
    expect(region.statusCode).toBe(422);
    expect((await county.post(`/api/bureau/entrustments/${countyId}/approve`, { letterNo: '伊州人社函〔2026〕5号' })).statusCode).toBe(403);
    const r = ok(await bureau.post(`/api/bureau/entrustments/${countyId}/approve`, { letterNo: '伊州人社函〔2026〕5号' }));
    expect(r.letter).toContain('伊宁县人力资源和社会保障局关于2026年度卫生系列护理专业职称评审工作实行委托评审的申请收悉');
    expect(r.letter).not.toContain('自治区人力资源和社会保障厅');
    // decided: the review may start now
    const started = ok(await committee.post(`/api/committee/meetings/${meetingForF}/assignments/auto`, { applicationIds: [F.id] }));
    expect(started.added).toBe(1);
    expect(await statusOf(F.id)).toBe('in_review');
    for (const [c, who] of [[county, 'county'], [bureau, 'bureau']] as const) {
      const pdf = await c.get(`/api/bureau/entrustments/${countyId}/letter?format=pdf`);
      expect(pdf.statusCode, `${who}: ${pdf.rawPayload.toString().slice(0, 200)}`).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const docx = await county.get(`/api/bureau/entrustments/${countyId}/letter?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(String(docx.headers['content-disposition'])).toContain(encodeURIComponent('委托函（伊州人社函〔2026〕5号）.docx'));
    // the entrusted committee reads it too; an unrelated committee office gets 404
    const eng = await sys.db.insertInto('appUser').values({ username: 'eng-office', displayName: '工程办', passwordHash: await hashPassword(DEMO_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
    await sys.db.insertInto('membership').values({ userId: eng.id, organisationId: engId, role: 'committee_officer' }).execute();
    const engOffice = await loginAs(sys.app, 'eng-office');
    expect((await engOffice.get(`/api/committee/entrustments/${countyId}/letter`)).statusCode).toBe(200);
    expect((await committee.get(`/api/committee/entrustments/${countyId}/letter`)).statusCode).toBe(404);
  });

  it('a joint review needs its plan; the prefecture’s entrusted review needs the region’s answer recorded first', async () => {
    const noPlan = await committee.upload('/api/committee/entrustments', { year: '2026', specialtyId: String(pharmacyId), kind: 'joint', reason: '与县联合评审', targetName: '伊宁县人力资源和社会保障局' }, { name: 'x.pdf', bytes: Buffer.alloc(0) });
    expect(noPlan.statusCode).toBe(422);
    const id = ok(await committee.upload('/api/committee/entrustments', { year: '2026', specialtyId: String(pharmacyId), kind: 'entrusted', reason: '本州药学专业评审专家不足', targetOrgId: String(engId) }, PLAN), 201).id;
    const early = await bureau.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: '伊州人社函〔2026〕6号' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'REGION_STEP_REQUIRED', title: '需自治区人社厅同意' });
    expect((await committee.get('/api/committee/entrustments')).json().items.find((e: { id: number }) => e.id === id)).toMatchObject({ needsRegionStep: true, regionRef: null });
    const bad = await bureau.post(`/api/bureau/entrustments/${id}/region`, { regionRef: '新人社函〔2026〕9号', decidedOn: '2026-04-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('decidedOn');
    expect((await committee.post(`/api/bureau/entrustments/${id}/region`, { regionRef: 'x', decidedOn: '2026-03-09' })).statusCode).toBe(403);
    ok(await bureau.post(`/api/bureau/entrustments/${id}/region`, { regionRef: '新人社函〔2026〕9号', decidedOn: '2026-03-09' }));
    const audit = await sys.db.selectFrom('auditLog').select(['action', 'detail']).where('action', '=', 'entrustment_region').execute();
    expect(audit).toEqual([{ action: 'entrustment_region', detail: { entrustmentId: id, regionRef: '新人社函〔2026〕9号', decidedOn: '2026-03-09' } }]);
    const r = ok(await bureau.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: '伊州人社函〔2026〕6号' }));
    expect(r.letter).toContain('经报自治区人力资源和社会保障厅同意（新人社函〔2026〕9号，2026年3月9日）');
    expect(await committeeFor(sys.db, pharmacyId, 2026)).toBe(engId);
    const pdf = await committee.get(`/api/committee/entrustments/${id}/letter?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    // after approval the region's answer cannot change
    expect((await bureau.post(`/api/bureau/entrustments/${id}/region`, { regionRef: '改', decidedOn: '2026-03-09' })).statusCode).toBe(409);
  });
});

