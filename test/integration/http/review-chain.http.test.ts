// The review chain over HTTP on the real database: every transition with the demo accounts
// (unit → competent → committee), every refusal (role, organisation, publicity, reason,
// concurrency, calendar), the return deadline job, fees, the integrity ban and entrustment.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { whyBanned } from '../../../src/services/integrity.service';
import { submittedFile as submitFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, registerApplicant, type Client } from '../../support/http-client';
import { makeJpeg, phonePhotoWithGps, REQUIRED_UPLOADS, validSections } from '../../support/declaration-fixture';
import { validIdNumber } from '../../support/id-numbers';
import { pdfText, squash } from '../../support/pdf-text';

let sys: TestSystem;
let unit: Client, unitlead: Client, agency: Client, competent: Client, committee: Client, finance: Client, bureau: Client;

beforeAll(async () => {
  sys = await createTestSystem(); // clock: 2026-03-02 10:00 Asia/Shanghai, a Monday
  [unit, unitlead, agency, competent, committee, finance, bureau] = await Promise.all(
    ['unit', 'unitlead', 'agency', 'competent', 'committee', 'finance', 'bureau'].map((u) => loginAs(sys.app, u)),
  );
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

/** Moves the injected clock; sessions last 7 days, so everyone signs in again at the new time. */
async function setClock(t: string) {
  sys.clock.set(t);
  const staff: Array<[Client, string]> = [[unit, 'unit'], [unitlead, 'unitlead'], [agency, 'agency'], [competent, 'competent'], [committee, 'committee'], [finance, 'finance'], [bureau, 'bureau']];
  for (const [c, u] of staff) c.cookie = (await loginAs(sys.app, u)).cookie;
  for (const f of [A, B].filter(Boolean)) f.applicant.cookie = (await loginAs(sys.app, f.idNumber, 'Secret#2026')).cookie;
}

const submittedFile = (seq: number, name: string) => submitFile(sys.app, seq, name);

async function view(c: Client, stage: string, id: number) {
  const r = await c.get(`/api/${stage}/applications/${id}`);
  expect(r.statusCode, r.rawPayload.toString()).toBe(200);
  return r.json();
}
const version = async (c: Client, stage: string, id: number) => (await view(c, stage, id)).application.version as number;

async function statusOf(id: number) {
  return (await sys.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

const publicityBody = { officeName: '人事科', supervisionPhone: '0999-8021234' };

let A: Filed; // walks the whole chain, returned once by the committee and fixed in time
let B: Filed; // returned by the committee and left to expire

describe('recommending unit (U1–U3)', () => {
  beforeAll(async () => {
    A = await submittedFile(11, '艾力·吐尔逊');
    B = await submittedFile(12, '古丽娜尔·哈力克');
  });

  it('lists submitted files with filters and name search, only for its own organisation', async () => {
    const all = (await unit.get('/api/unit/applications')).json().items;
    expect(all.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([A.id, B.id]));
    const byName = (await unit.get(`/api/unit/applications?q=${encodeURIComponent('艾力')}`)).json().items;
    expect(byName.map((i: { id: number }) => i.id)).toEqual([A.id]);
    const filtered = (await unit.get(`/api/unit/applications?status=submitted&level=middle&series=${encodeURIComponent('卫生系列')}`)).json().items;
    expect(filtered.length).toBe(2);
    expect((await unit.get('/api/unit/applications?level=senior')).json().items).toEqual([]);
    expect((await agency.get('/api/unit/applications')).json().items).toEqual([]);
  });

  it('opens a file with its originals and the default opinion', async () => {
    const v = await view(unit, 'unit', A.id);
    expect(v.application.status).toBe('submitted');
    expect(v.sections.A1.fields.name).toBe(A.name);
    expect(v.attachments[0].url).toMatch(/\/original$/);
    expect((await unit.get(v.attachments[0].url)).statusCode).toBe(200);
    expect(v.actions).toEqual(['unit_return', 'start_publicity']);
    expect(v.defaultOpinion).toBe('本单位已对提供的申报材料逐一审核，真实准确，同意推荐');
  });

  it('refuses the wrong role (403) and another organisation (404)', async () => {
    expect((await A.applicant.get('/api/unit/applications')).statusCode).toBe(403);
    expect((await competent.post(`/api/unit/applications/${A.id}/return`, { version: 1, reason: '材料不全，请补充' })).statusCode).toBe(403);
    expect((await unit.post(`/api/committee/applications/${A.id}/accept`, { version: 1 })).statusCode).toBe(403);
    const v = await version(unit, 'unit', A.id);
    const other = await agency.get(`/api/unit/applications/${A.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect((await agency.post(`/api/unit/applications/${A.id}/return`, { version: v, reason: '材料不全，请补充' })).statusCode).toBe(404);
    // not yet at the competent stage: the competent unit does not see it
    expect((await competent.get(`/api/competent/applications/${A.id}`)).statusCode).toBe(404);
  });

  it('refuses a return without a reason (400 missing, 422 blank)', async () => {
    const v = await version(unit, 'unit', A.id);
    const missing = await unit.post(`/api/unit/applications/${A.id}/return`, { version: v });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('reason');
    const blank = await unit.post(`/api/unit/applications/${A.id}/return`, { version: v, reason: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().code).toBe('REASON_REQUIRED');
    expect(await statusOf(A.id)).toBe('submitted');
  });

  it('refuses a publicity running past the calendar data with CALENDAR_RANGE', async () => {
    const v = await version(unit, 'unit', A.id);
    const res = await unit.post(`/api/unit/applications/${A.id}/publicity`, { version: v, startsOn: '2026-12-28', ...publicityBody });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CALENDAR_RANGE');
    expect(res.json().detail).toMatch(/超出节假日数据范围/);
    expect(await statusOf(A.id)).toBe('submitted');
  });

  it('returns a file to the applicant with the reason, who resubmits', async () => {
    const v = await version(unit, 'unit', A.id);
    const res = await unit.post(`/api/unit/applications/${A.id}/return`, { version: v, reason: '业绩成果缺少印证材料，请补充' });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json().status).toBe('returned_by_unit');
    const mine = (await A.applicant.get(`/api/applicant/applications/${A.id}`)).json();
    expect(mine.application.returnReason).toBe('业绩成果缺少印证材料，请补充');
    const note = (await A.applicant.get('/api/notifications')).json();
    expect(note.items[0].text).toMatch(/业绩成果缺少印证材料/);
    const again = await A.applicant.post(`/api/applicant/applications/${A.id}/submit`, { version: mine.application.version });
    expect(again.statusCode).toBe(200);
    expect(await statusOf(A.id)).toBe('submitted');
  });

  it('starts the publicity: 5 working days, 附件2 generated, countdown shown', async () => {
    for (const f of [A, B]) {
      const res = await unit.post(`/api/unit/applications/${f.id}/publicity`, { version: await version(unit, 'unit', f.id), ...publicityBody });
      expect(res.statusCode, res.rawPayload.toString()).toBe(200);
      expect(res.json()).toMatchObject({ status: 'in_publicity', startsOn: '2026-03-02', endsOn: '2026-03-09', workingDays: 5 });
    }
    const v = await view(unit, 'unit', A.id);
    expect(v.publicity).toMatchObject({ endsOn: '2026-03-09', ended: false, daysLeft: 8 });
    const pdf = await unit.get(`/api/applications/${A.id}/documents/publicity_notice?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await A.applicant.get(`/api/applications/${A.id}/documents/publicity_notice?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // 附件3 only once the period is over
    expect((await unit.get(`/api/applications/${A.id}/documents/publicity_result`)).statusCode).toBe(409);
  });

  it('refuses to recommend before the publicity ends, saying from when', async () => {
    await setClock('2026-03-09T15:00:00Z'); // 23:00 on the last day in Shanghai
    const res = await unit.post(`/api/unit/applications/${A.id}/recommend`, { version: await version(unit, 'unit', A.id) });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('PUBLICITY_NOT_ENDED');
    expect(res.json().detail).toBe('公示期至2026年3月9日结束，2026年3月10日起方可推荐');
  });

  it('records an objection during the period and refuses to recommend until it is resolved', async () => {
    const obj = await unit.post(`/api/unit/applications/${A.id}/objections`, { content: '反映其业绩材料中的项目时间有误', raisedBy: '匿名', raisedOn: '2026-03-05' });
    expect(obj.statusCode, obj.rawPayload.toString()).toBe(201);
    const outside = await unit.post(`/api/unit/applications/${A.id}/objections`, { content: '期外反映', raisedOn: '2026-03-10' });
    expect(outside.statusCode).toBe(422);
    await setClock('2026-03-10T01:00:00Z'); // 09:00, the day after the end
    const blocked = await unit.post(`/api/unit/applications/${A.id}/recommend`, { version: await version(unit, 'unit', A.id) });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('OBJECTION_UNRESOLVED');
    // 附件3 says how each objection ended, so it waits for the resolution
    const early = await unit.get(`/api/applications/${A.id}/documents/publicity_result`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'DOC_NOT_READY', detail: '公示期间有1条异议尚未处理，处理完毕后再生成公示结果' });
    const resolved = await unit.post(`/api/unit/applications/${A.id}/objections/${obj.json().id}/resolve`, { resolution: '经核实，项目时间填写无误，异议不成立' });
    expect(resolved.statusCode).toBe(200);
    expect((await unit.post(`/api/unit/applications/${A.id}/objections/${obj.json().id}/resolve`, { resolution: '再次处理' })).statusCode).toBe(409);
  });

  it('U3: needs the stamped 附件2 and 附件3 scans before recommending, as the policy says of all three', async () => {
    const missing = await unit.post(`/api/unit/applications/${A.id}/recommend`, { version: await version(unit, 'unit', A.id) });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'SCAN_REQUIRED', detail: '请先上传盖章的推荐单位公示（附件2）、推荐单位公示结果（附件3）扫描件，再推荐' });
    expect(await view(unit, 'unit', A.id)).toMatchObject({
      requiredScans: [
        { kind: 'publicity_notice', uploaded: false },
        { kind: 'publicity_result', uploaded: false },
      ],
      recommendRefusal: { code: 'SCAN_REQUIRED' },
    });
    for (const kind of ['publicity_notice', 'publicity_result']) {
      const up = await unit.upload(`/api/unit/applications/${A.id}/documents`, { kind }, { name: `${kind}盖章.jpg`, bytes: await makeJpeg() });
      expect(up.statusCode, up.rawPayload.toString()).toBe(201);
    }
    expect((await view(unit, 'unit', A.id)).recommendRefusal).toBeNull();
  });

  it('recommends after the period with the (edited) opinion, records 附件3 and notifies the competent unit', async () => {
    const res = await unit.post(`/api/unit/applications/${A.id}/recommend`, { version: await version(unit, 'unit', A.id) });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json().status).toBe('unit_recommended');
    const edited = '本单位已对提供的申报材料逐一审核，真实准确，同意推荐。该同志业务能力突出。';
    // a review year whose policy leaves the stamped scans optional: B goes without them
    const year = await sys.db.selectFrom('policyYear').select(['settings']).where('year', '=', 2026).executeTakeFirstOrThrow();
    const setScans = (on: boolean) =>
      sys.db.updateTable('policyYear').set({ settings: JSON.stringify({ ...(year.settings as object), stamped_scans_required: on }) }).where('year', '=', 2026).execute();
    await setScans(false);
    expect((await view(unit, 'unit', B.id)).requiredScans).toEqual([]);
    const resB = await unit.post(`/api/unit/applications/${B.id}/recommend`, { version: await version(unit, 'unit', B.id), opinion: edited });
    await setScans(true);
    expect(resB.statusCode, resB.rawPayload.toString()).toBe(200);
    const ops = await sys.db.selectFrom('opinion').select(['applicationId', 'text', 'stage']).where('stage', '=', 'unit').orderBy('id').execute();
    expect(ops).toEqual([
      { applicationId: A.id, stage: 'unit', text: '本单位已对提供的申报材料逐一审核，真实准确，同意推荐' },
      { applicationId: B.id, stage: 'unit', text: edited },
    ]);
    const result = await unit.get(`/api/applications/${A.id}/documents/publicity_result?format=pdf`);
    expect(result.statusCode).toBe(200);
    // 附件3 follows what happened: A's objection and its resolution, B's clean publicity
    const textA = squash(pdfText(result.rawPayload));
    expect(textA).toContain('2026年3月5日反映：反映其业绩材料中的项目时间有误。处理结果：经核实，项目时间填写无误，异议不成立。');
    expect(textA).not.toContain('公示无异议');
    expect(textA).not.toContain('匿名'); // who raised it is not printed
    const textB = squash(pdfText((await unit.get(`/api/applications/${B.id}/documents/publicity_result?format=pdf`)).rawPayload));
    expect(textB).toContain('公示期间无投诉、举报，公示无异议');
    const notes = (await competent.get('/api/notifications')).json();
    expect(notes.unread).toBeGreaterThanOrEqual(2);
    expect(notes.items.some((n: { applicationId: number; text: string }) => n.applicationId === A.id && /请审核/.test(n.text))).toBe(true);
  });
});

describe('competent unit (C1)', () => {
  it('needs the stamped 附件4 scan before forwarding', async () => {
    const res = await competent.post(`/api/competent/applications/${A.id}/recommend`, { version: await version(competent, 'competent', A.id) });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('SCAN_REQUIRED');
    const gen = await competent.get(`/api/applications/${A.id}/documents/competent_recommendation?format=pdf`);
    expect(gen.statusCode).toBe(200);
    // C1: before recommending, 附件4 prints the opinion the form starts with, or the one typed
    expect(squash(pdfText(gen.rawPayload))).toContain('经审核，该同志申报材料真实有效，符合申报条件，同意推荐。');
    const typed = '经审核，该同志业绩突出，材料真实，同意推荐。';
    const draft = await competent.get(`/api/applications/${A.id}/documents/competent_recommendation?format=pdf&opinion=${encodeURIComponent(typed)}`);
    expect(draft.statusCode).toBe(200);
    expect(squash(pdfText(draft.rawPayload))).toContain(typed);
    const draftDocx = await competent.get(`/api/applications/${A.id}/documents/competent_recommendation?format=docx&opinion=${encodeURIComponent(typed)}`);
    expect(draftDocx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // nobody else prints a draft opinion, and no other document takes one
    expect((await A.applicant.get(`/api/applications/${A.id}/documents/competent_recommendation?opinion=x`)).statusCode).toBe(404);
    expect((await competent.get(`/api/applications/${A.id}/documents/publicity_result?opinion=x`)).json().code).toBe('INVALID_INPUT');
    const bad = await competent.upload(`/api/competent/applications/${A.id}/documents`, { kind: 'competent_recommendation' }, { name: 'x.png', bytes: Buffer.from('not a scan'), type: 'image/png' });
    expect(bad.statusCode).toBe(422);
    for (const f of [A, B]) {
      const up = await competent.upload(`/api/competent/applications/${f.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await phonePhotoWithGps() });
      expect(up.statusCode, up.rawPayload.toString()).toBe(201);
      expect((await sharp((await competent.get(up.json().url)).rawPayload).metadata()).exif).toBeUndefined(); // item 11: no GPS
      expect((await A.applicant.get(up.json().url)).statusCode).toBe(f === A ? 200 : 404);
    }
  });

  it('forwards both files to the committee', async () => {
    for (const f of [A, B]) {
      const res = await competent.post(`/api/competent/applications/${f.id}/recommend`, { version: await version(competent, 'competent', f.id), opinion: '经审核，同意推荐。' });
      expect(res.statusCode, res.rawPayload.toString()).toBe(200);
      expect(res.json().status).toBe('competent_recommended');
    }
    expect((await committee.get('/api/committee/applications')).json().items.length).toBe(2);
    // once recommended, 附件4 prints the recorded opinion, for everyone who sees the file
    for (const who of [competent, committee, A.applicant]) {
      const doc = await who.get(`/api/applications/${A.id}/documents/competent_recommendation?format=pdf`);
      expect(squash(pdfText(doc.rawPayload))).toContain('经审核，同意推荐。');
    }
    expect((await competent.get(`/api/applications/${A.id}/documents/competent_recommendation?opinion=x`)).statusCode).toBe(409);
  });
});

describe('committee office (R1–R2) and the return deadline', () => {
  it('returns with a mandatory reason, sets the deadline and arms a job', async () => {
    const none = await committee.post(`/api/committee/applications/${A.id}/return`, { version: await version(committee, 'committee', A.id), reason: '' });
    expect(none.statusCode).toBe(422);
    for (const f of [A, B]) {
      const res = await committee.post(`/api/committee/applications/${f.id}/return`, { version: await version(committee, 'committee', f.id), reason: '继续教育免修申请表未盖章，请补充' });
      expect(res.statusCode, res.rawPayload.toString()).toBe(200);
      // returned 2026-03-10 09:00 Shanghai → due 2026-03-12 23:59:59.999 Shanghai
      expect(res.json()).toMatchObject({ status: 'returned_by_committee', returnDeadlineAt: '2026-03-12T15:59:59.999Z' });
    }
    const jobs = await sys.db.selectFrom('job').select(['key', 'runAt', 'status']).where('name', '=', 'return_deadline').orderBy('key').execute();
    expect(jobs.map((j) => [j.key, new Date(j.runAt).toISOString(), j.status])).toEqual(
      [A, B].map((f) => [`return_deadline:${f.id}`, '2026-03-12T16:00:00.000Z', 'queued']).sort(),
    );
    const mine = (await B.applicant.get(`/api/applicant/applications/${B.id}`)).json().application;
    expect(mine).toMatchObject({ status: 'returned_by_committee', returnReason: '继续教育免修申请表未盖章，请补充', returnDeadlineAt: '2026-03-12T15:59:59.999Z' });
  });

  it('takes a file resubmitted in time straight back to the committee', async () => {
    await setClock('2026-03-11T03:00:00Z');
    const v = (await A.applicant.get(`/api/applicant/applications/${A.id}`)).json().application.version;
    const res = await A.applicant.post(`/api/applicant/applications/${A.id}/submit`, { version: v });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json().status).toBe('competent_recommended');
    expect(await sys.db.selectFrom('job').select('id').where('key', '=', `return_deadline:${A.id}`).executeTakeFirst()).toBeUndefined();
  });

  it('does nothing before the deadline, then abandons the expired file with an audit row', async () => {
    await setClock('2026-03-12T15:59:59.000Z'); // 23:59:59 on the last day
    await sys.runner.drain();
    expect(await statusOf(B.id)).toBe('returned_by_committee');
    await setClock('2026-03-12T16:00:01.000Z'); // 00:00:01 the day after
    await sys.runner.drain();
    expect(await statusOf(B.id)).toBe('abandoned');
    expect(await statusOf(A.id)).toBe('competent_recommended');
    const audit = await sys.db.selectFrom('auditLog').select(['actorId', 'action', 'fromStatus', 'toStatus', 'reason']).where('applicationId', '=', B.id).where('action', '=', 'abandon').execute();
    expect(audit).toEqual([{ actorId: null, action: 'abandon', fromStatus: 'returned_by_committee', toStatus: 'abandoned', reason: expect.stringMatching(/2026年3月12日24时/) }]);
    // idempotent: running it again changes nothing
    await sys.db.updateTable('job').set({ status: 'queued' }).where('key', '=', `return_deadline:${B.id}`).execute();
    await sys.runner.drain();
    expect((await sys.db.selectFrom('auditLog').select('id').where('applicationId', '=', B.id).where('action', '=', 'abandon').execute()).length).toBe(1);
    const tl = (await B.applicant.get(`/api/applications/${B.id}/timeline`)).json().items;
    expect(tl.at(-1)).toMatchObject({ actorName: '系统', toLabel: '自动放弃' });
    const late = await B.applicant.post(`/api/applicant/applications/${B.id}/submit`, { version: 99 });
    expect(late.statusCode).toBe(409);
  });

  it('lets only one of two officers acting at once win (accept vs return)', async () => {
    const v = await version(committee, 'committee', A.id);
    const [r1, r2] = await Promise.all([
      committee.post(`/api/committee/applications/${A.id}/accept`, { version: v }),
      committee.post(`/api/committee/applications/${A.id}/return`, { version: v, reason: '请补充近三年年度考核表' }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(loser.json().detail).toBe('该材料已被他人修改，请刷新后重试');
    const transitions = await sys.db.selectFrom('auditLog').select('action').where('applicationId', '=', A.id).where('action', 'in', ['committee_accept', 'committee_return']).where('at', '=', sys.clock.now()).execute();
    expect(transitions).toHaveLength(1);
    if (r2.statusCode === 200) {
      // the return won: the applicant fixes it and the office accepts
      const av = (await A.applicant.get(`/api/applicant/applications/${A.id}`)).json().application.version;
      expect((await A.applicant.post(`/api/applicant/applications/${A.id}/submit`, { version: av })).statusCode).toBe(200);
      const acc = await committee.post(`/api/committee/applications/${A.id}/accept`, { version: await version(committee, 'committee', A.id) });
      expect(acc.statusCode).toBe(200);
    }
    expect(await statusOf(A.id)).toBe('accepted');
    const mine = (await A.applicant.get(`/api/applicant/applications/${A.id}`)).json().application;
    expect(mine.statusLabel).toBe('评审委员会已接收材料');
  });

  it('shows the applicant every step on the timeline', async () => {
    const tl = (await A.applicant.get(`/api/applications/${A.id}/timeline`)).json().items.map((i: { action: string }) => i.action);
    expect(tl).toEqual(
      expect.arrayContaining(['submit', 'unit_return', 'start_publicity', 'unit_recommend', 'competent_recommend', 'committee_return', 'committee_accept']),
    );
  });
});

describe('fees (R3)', () => {
  it('shows the committee the unpaid accepted files per unit', async () => {
    const o = (await committee.get('/api/committee/fees?year=2026')).json();
    expect(o.units).toHaveLength(1);
    expect(o.items.find((f: { applicationId: number }) => f.applicationId === A.id)).toMatchObject({ owesFee: true });
    expect(o.units[0]).toMatchObject({ fileCount: o.total, unpaid: 1 });
    // two people of the same name are told apart by the masked ID number, which hides the birth date
    const masked = o.items.find((f: { applicationId: number }) => f.applicationId === A.id).idNumberMasked;
    expect(masked).toBe(`${A.idNumber.slice(0, 3)}${'*'.repeat(11)}${A.idNumber.slice(-4)}`);
    expect(masked).not.toContain(A.idNumber.slice(6, 14));
  });

  it('lets only the unit’s person in charge record a batch, checking every file first', async () => {
    const fields = { year: '2026', applicationIds: `${A.id}`, amount: '300', payer: '张伟', paidAt: '2026-03-11T02:00:00Z' };
    const receipt = { name: '缴费凭证.jpg', bytes: await phonePhotoWithGps() };
    expect((await unit.upload('/api/unit/fee-batches', fields, receipt)).statusCode).toBe(403);
    const bad = await unitlead.upload('/api/unit/fee-batches', { ...fields, applicationIds: `${A.id},${B.id},999999` }, receipt);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['applicationIds[1]', 'applicationIds[2]']);
    expect(await sys.db.selectFrom('feeBatch').select('id').execute()).toEqual([]);
    const ok = await unitlead.upload('/api/unit/fee-batches', fields, receipt);
    expect(ok.statusCode, ok.rawPayload.toString()).toBe(201);
    const twice = await unitlead.upload('/api/unit/fee-batches', fields, receipt);
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].message).toMatch(/重复/);
    const batchId = ok.json().id;
    expect((await bureau.post(`/api/bureau/fee-batches/${batchId}/confirm`)).statusCode).toBe(403);
    const list = (await finance.get('/api/bureau/fee-batches?year=2026')).json().items;
    expect(list[0]).toMatchObject({ id: batchId, amount: '300.00', payer: '张伟', confirmed: false, applicationIds: [A.id] });
    const served = await finance.get(list[0].receiptUrl);
    expect(served.statusCode).toBe(200);
    expect((await sharp(served.rawPayload).metadata()).exif).toBeUndefined(); // item 11: no GPS
    const conf = await finance.post(`/api/bureau/fee-batches/${batchId}/confirm`);
    expect(conf.statusCode, conf.rawPayload.toString()).toBe(200);
    expect((await finance.post(`/api/bureau/fee-batches/${batchId}/confirm`)).statusCode).toBe(409);
    const o = (await committee.get('/api/committee/fees?year=2026')).json();
    expect(o.items.find((f: { applicationId: number }) => f.applicationId === A.id)).toMatchObject({ owesFee: false, confirmed: true });
  });

  it('refuses to abandon unpaid files while no fee deadline is set', async () => {
    const res = await committee.post('/api/committee/fees/abandon-unpaid', { year: 2026 });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('FEE_DEADLINE_UNSET');
  });
});

describe('integrity archive (I1)', () => {
  const idNumber = validIdNumber('654002', '19800101', 37);

  it('records a finding; the ID is then banned for 3 years with a reason', async () => {
    expect(await whyBanned(sys.db, idNumber, sys.clock.now())).toBeNull();
    expect((await committee.post('/api/bureau/integrity-records', {})).statusCode).toBe(403);
    const res = await bureau.post('/api/bureau/integrity-records', { idNumber, finding: '提供虚假业绩材料', decidedOn: '2026-03-01', documentRef: '伊州人社发〔2026〕12号' });
    expect(res.statusCode, res.rawPayload.toString()).toBe(201);
    const why = await whyBanned(sys.db, idNumber, sys.clock.now());
    expect(why).toBe('根据2026年3月1日记入诚信档案的处理决定（提供虚假业绩材料），2029年3月1日前不得申报职称评审');
    expect((await bureau.get(`/api/bureau/integrity-check?idNumber=${idNumber}`)).json()).toEqual({ banned: true, reason: why });
    expect(await whyBanned(sys.db, idNumber, new Date('2029-02-28T16:00:00Z'))).toBeNull(); // 2029-03-01 00:00 Shanghai
  });

  it('refuses a bad ID number and revoking a title that was never obtained', async () => {
    const bad = await bureau.post('/api/bureau/integrity-records', { idNumber: '123', finding: '剽窃', decidedOn: '2026-03-01', documentRef: '文号' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('idNumber');
    const aId = (await sys.db.selectFrom('application').innerJoin('appUser', 'appUser.id', 'application.applicantId').select('appUser.idNumber').where('application.id', '=', A.id).executeTakeFirstOrThrow()).idNumber!;
    const rev = await bureau.post('/api/bureau/integrity-records', { idNumber: aId, finding: '剽窃他人成果', decidedOn: '2026-03-01', documentRef: '文号', revokeApplicationId: A.id });
    expect(rev.statusCode).toBe(409);
    expect(await statusOf(A.id)).toBe('accepted');
  });
});

describe('entrusted review (R5)', () => {
  it('a committee requests, the prefecture bureau approves once and issues the letter', async () => {
    const cat = (await unit.get('/api/catalog')).json();
    const spec = cat.specialties.find((s: { name: string }) => s.name === '药学');
    const eng = await sys.db.selectFrom('organisation').select('id').where('code', '=', 'cmt-eng').executeTakeFirstOrThrow();
    const noPlan = await committee.upload('/api/committee/entrustments', { year: '2026', specialtyId: String(spec.id), kind: 'joint', reason: '本州药学专业评审专家不足', targetName: '自治区卫生健康委员会' }, { name: 'x.pdf', bytes: Buffer.alloc(0) });
    expect(noPlan.statusCode).toBe(422);
    const req = await committee.upload(
      '/api/committee/entrustments',
      { year: '2026', specialtyId: String(spec.id), kind: 'entrusted', reason: '本州药学专业评审专家不足', targetOrgId: String(eng.id) },
      { name: '申请.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF') },
    );
    expect(req.statusCode, req.rawPayload.toString()).toBe(201);
    const id = req.json().id;
    expect((await committee.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: '伊州人社函〔2026〕3号' })).statusCode).toBe(403);
    // committee → prefecture bureau → region's department → letter (R5)
    const early = await bureau.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: '伊州人社函〔2026〕3号' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('REGION_STEP_REQUIRED');
    expect((await bureau.post(`/api/bureau/entrustments/${id}/region`, { regionRef: '新人社函〔2026〕8号', decidedOn: '2026-03-01' })).statusCode).toBe(200);
    const ok = await bureau.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: '伊州人社函〔2026〕3号' });
    expect(ok.statusCode, ok.rawPayload.toString()).toBe(200);
    expect(ok.json().letter).toMatch(/药学专业职称评审工作实行委托评审的申请收悉。经报自治区人力资源和社会保障厅同意.*同意该专业职称评审工作实行委托评审/);
    expect((await bureau.post(`/api/bureau/entrustments/${id}/approve`, { letterNo: 'x' })).statusCode).toBe(409);
    const { committeeFor } = await import('../../../src/services/entrustment.service');
    expect(await committeeFor(sys.db, spec.id, 2026)).toBe(eng.id);
    expect((await committee.get('/api/committee/entrustments')).json().items[0]).toMatchObject({ status: 'approved', letterNo: '伊州人社函〔2026〕3号' });
  });
});

describe('notifications', () => {
  it('lists and marks read only the user’s own messages', async () => {
    const list = (await A.applicant.get('/api/notifications')).json();
    expect(list.unread).toBeGreaterThan(0);
    const first = list.items[0];
    expect((await unit.post(`/api/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await A.applicant.post(`/api/notifications/${first.id}/read`)).statusCode).toBe(204);
    const all = await A.applicant.post('/api/notifications/read-all');
    expect(all.json().updated).toBe(list.unread - 1);
    expect((await A.applicant.get('/api/notifications')).json().unread).toBe(0);
  });
});
