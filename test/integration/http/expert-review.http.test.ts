// Expert blind review over HTTP on the real database (B5, R4): meeting → roster → attendance →
// assignment with 回避 → reviews → secret ballot → tally → results publicity → finalisation →
// certificate → public verification → revocation; and the anonymity sweep: an expert never
// receives a name, ID number, unit name or original image by any route.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checkInvariants } from '../../../src/db/invariants';
import { newTallyKey } from '../../../src/domain/ballot-crypto';
import { ballotCryptoDeps } from '../../../src/services/ballot-randomness';
import { ExpertApplicationView } from '../../../src/http/schemas/expert-review.schema';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { clientFor, loginAs, type Client, type Res } from '../../support/http-client';
import { createAcceptedFile, createExpert, ensureOrg, userId, type AcceptedFile } from '../../support/expert-fixtures';

let sys: TestSystem;
let office: Client;
let experts: Record<string, Client>;
let A: AcceptedFile; // 王建国, 州人民医院 (hosp), once worked at 伊宁县人民医院
let B: AcceptedFile; // 李秀英, 州中医院 (tcm)
let C: AcceptedFile; // 马丽娜, 州中医院 (tcm)
let ids: Record<string, number>;
let meetingId: number;
let codes: Record<'A' | 'B' | 'C', string>;
/** The 计票密钥 the office received when it opened the ballot. */
let tallyKey: string;
/** Every response an expert received, for the anonymity sweep. */
const expertResponses: Array<{ who: string; url: string; res: Res }> = [];

async function as(who: string, method: 'get' | 'post' | 'put', url: string, body?: unknown): Promise<Res> {
  const c = experts[who]!;
  const res = method === 'get' ? await c.get(url) : method === 'post' ? await c.post(url, body) : await c.put(url, body);
  expertResponses.push({ who, url, res });
  return res;
}

/** Fresh sessions for everyone after the clock moved past their expiry. */
async function loginAgain() {
  office = await loginAs(sys.app, 'committee');
  for (const u of Object.keys(ids)) experts[u] = await loginAs(sys.app, u);
}

function patch(c: Client, url: string, body: unknown): Promise<Res> {
  return sys.app.inject({ method: 'PATCH', url, headers: { cookie: c.cookie }, payload: body as object }) as Promise<Res>;
}

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}

beforeAll(async () => {
  sys = await createTestSystem();
  const db = sys.db;
  await ensureOrg(db, { code: 'yn-county-hosp', name: '伊宁县人民医院', kind: 'recommending', parentCode: 'health', aliases: ['伊宁县医院'] });
  // expert4 works at the recommending unit of file A; expert5 at a unit in A's work history
  await createExpert(db, { username: 'expert4', displayName: '专家丁', committeeCode: 'cmt-health', specialties: ['临床医学'], unitOrgCodes: ['hosp'] });
  await createExpert(db, { username: 'expert5', displayName: '专家戊', committeeCode: 'cmt-health', specialties: ['临床医学'], unitOrgCodes: ['yn-county-hosp'] });
  A = await createAcceptedFile(sys.ctx, { name: '王建国', seq: 101, unitCode: 'hosp', workUnits: ['伊宁县人民医院', '伊犁哈萨克自治州人民医院'] });
  B = await createAcceptedFile(sys.ctx, { name: '李秀英', seq: 102, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  C = await createAcceptedFile(sys.ctx, { name: '马丽娜', seq: 103, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  office = await loginAs(sys.app, 'committee');
  experts = {};
  ids = {};
  for (const u of ['expert1', 'expert2', 'expert3', 'expert4', 'expert5']) {
    experts[u] = await loginAs(sys.app, u);
    ids[u] = await userId(db, u);
  }
});

afterAll(async () => {
  await checkInvariants(sys.db);
  const bad = await sql`select a.id from assignment a join conflict c on c.application_id = a.application_id and c.expert_id = a.expert_id`.execute(sys.db);
  expect(bad.rows, 'no expert assigned to a file they conflict with').toEqual([]);
  const boxes = await sql`select meeting_id from ballot_box`.execute(sys.db);
  expect(boxes.rows, 'no ballot box is kept after the tally').toEqual([]);
  await sys.close();
});

describe('meeting set-up', () => {
  it('documents every route of the area in OpenAPI', async () => {
    const doc = await (await loginAs(sys.app, 'committee')).get('/api/docs/json');
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    for (const p of [
      '/api/expert/files/{code}',
      '/api/expert/meetings/{id}/files/{code}/vote',
      '/api/committee/meetings/{id}/ballot/close',
      '/api/public/certificates/{token}',
      '/api/bureau/dashboard',
      '/api/applicant/results',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it('creates a meeting for the committee, series, level and year', async () => {
    const res = await office.post('/api/committee/meetings', {
      year: 2026,
      series: '卫生系列',
      level: 'middle',
      title: '2026年卫生系列中级职称评审会',
      // the day the clock stands on: voting and results are refused before the meeting's day
      scheduledAt: '2026-03-02T06:00:00Z',
      reviewersPerFile: 2,
    });
    meetingId = ok(res, 201).id;
    const list = ok(await office.get('/api/committee/meetings'));
    expect(list.items.map((m: { id: number }) => m.id)).toContain(meetingId);
  });

  it('edits and deletes a meeting while it is being planned', async () => {
    const id = ok(await office.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: '临时会议', scheduledAt: '2026-03-06T02:00:00Z' }), 201).id;
    const m = ok(await patch(office, `/api/committee/meetings/${id}`, { title: '临时会议（改期）', criteria: [{ key: 'overall', title: '综合评价', max: 100 }] }));
    expect(m.meeting).toMatchObject({ title: '临时会议（改期）', criteria: [{ key: 'overall', title: '综合评价', max: 100 }] });
    const dup = await patch(office, `/api/committee/meetings/${id}`, { criteria: [{ key: 'a', title: '甲', max: 5 }, { key: 'a', title: '乙', max: 5 }] });
    expect(dup.statusCode).toBe(422);
    expect((await office.del(`/api/committee/meetings/${id}`)).statusCode).toBe(204);
    expect((await office.get(`/api/committee/meetings/${id}`)).statusCode).toBe(404);
  });

  it('refuses a series the committee does not review, at the field', async () => {
    const res = await office.post('/api/committee/meetings', { year: 2026, series: '工程系列', level: 'middle', title: '错误的会', scheduledAt: '2026-03-05T02:00:00Z' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('series');
  });

  it('hides the meeting from other roles and other committees (404/403)', async () => {
    const unit = await loginAs(sys.app, 'unit');
    expect((await unit.get(`/api/committee/meetings/${meetingId}`)).statusCode).toBe(403);
    expect((await experts.expert1!.get(`/api/expert/meetings/${meetingId}`)).statusCode).toBe(404);
  });

  it('sets the roster from the committee’s experts only', async () => {
    const pool = ok(await office.get(`/api/committee/meetings/${meetingId}/experts`));
    expect(pool.items.map((e: { expertId: number }) => e.expertId)).toEqual(expect.arrayContaining(Object.values(ids)));
    const bad = await office.put(`/api/committee/meetings/${meetingId}/roster`, { expertIds: [await userId(sys.db, 'unit')] });
    expect(bad.statusCode).toBe(422);
    const m = ok(await office.put(`/api/committee/meetings/${meetingId}/roster`, { expertIds: Object.values(ids) }));
    expect(m.roster).toHaveLength(5);
    expect(m.quorum.needed).toBe(4); // ceil(2/3 · 5)
  });

  it('lists the accepted, fee-paid files as assignable', async () => {
    const files = ok(await office.get(`/api/committee/meetings/${meetingId}/eligible-files`));
    expect(files.items.map((f: { applicationId: number }) => f.applicationId).sort()).toEqual([A.applicationId, B.applicationId, C.applicationId].sort());
  });
});

describe('assignment and 回避', () => {
  it('assigns automatically with balanced load and never a conflicted expert', async () => {
    const r = ok(await office.post(`/api/committee/meetings/${meetingId}/assignments/auto`, {}));
    expect(r).toMatchObject({ added: 3, assigned: 6 });
    const m = ok(await office.get(`/api/committee/meetings/${meetingId}`));
    const fileA = m.files.find((f: { applicationId: number }) => f.applicationId === A.applicationId);
    const reviewersA = fileA.reviewers.map((r: { expertId: number }) => r.expertId);
    expect(reviewersA).not.toContain(ids.expert4);
    expect(reviewersA).not.toContain(ids.expert5);
    const kinds = m.conflicts.filter((c: { applicationId: number }) => c.applicationId === A.applicationId).map((c: { expertId: number; kind: string }) => [c.expertId, c.kind]);
    expect(kinds).toEqual(expect.arrayContaining([[ids.expert4, 'same_unit'], [ids.expert5, 'past_unit']]));
    const loads = m.roster.map((e: { load: number }) => e.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    // files are now under review with file codes of year and series
    for (const f of m.files) {
      expect(f.status).toBe('in_review');
      expect(f.fileCode).toMatch(/^2026-WS-\d{4}$/);
    }
    const code = (app: AcceptedFile) => m.files.find((f: { applicationId: number }) => f.applicationId === app.applicationId).fileCode as string;
    codes = { A: code(A), B: code(B), C: code(C) };
    const audit = await sys.db.selectFrom('auditLog').select(['action', 'toStatus']).where('applicationId', '=', A.applicationId).where('action', '=', 'start_review').execute();
    expect(audit).toEqual([{ action: 'start_review', toStatus: 'in_review' }]);
  });

  it('refuses to hand-assign a conflicted expert and writes nothing', async () => {
    const before = await sys.db.selectFrom('assignment').select('expertId').where('applicationId', '=', A.applicationId).execute();
    const res = await office.put(`/api/committee/meetings/${meetingId}/assignments/${A.applicationId}`, { expertIds: [ids.expert4] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT_OF_INTEREST');
    const after = await sys.db.selectFrom('assignment').select('expertId').where('applicationId', '=', A.applicationId).execute();
    expect(after).toEqual(before);
  });

  it('a conflicted expert gets 404 for the file, its images and its vote', async () => {
    expect((await as('expert4', 'get', `/api/expert/files/${codes.A}`)).statusCode).toBe(404);
    expect((await as('expert5', 'get', `/api/expert/files/${codes.A}`)).statusCode).toBe(404);
    const m = ok(await as('expert4', 'get', `/api/expert/meetings/${meetingId}`));
    expect(m.files.map((f: { fileCode: string }) => f.fileCode)).not.toContain(codes.A);
    for (const a of A.attachments) {
      for (const v of ['original', 'thumb', 'masked', 'masked-thumb']) {
        expect((await as('expert4', 'get', `/api/attachments/${a.id}/${v}`)).statusCode).toBe(404);
      }
    }
  });

  it('a manual conflict removes the assignment and closes the file to that expert', async () => {
    const m = ok(await office.get(`/api/committee/meetings/${meetingId}`));
    const fileC = m.files.find((f: { applicationId: number }) => f.applicationId === C.applicationId);
    const victim = fileC.reviewers[0].expertId as number;
    const who = Object.entries(ids).find(([, id]) => id === victim)![0];
    expect((await as(who, 'get', `/api/expert/files/${codes.C}`)).statusCode).toBe(200);
    ok(await office.post(`/api/committee/meetings/${meetingId}/conflicts`, { applicationId: C.applicationId, expertId: victim, kind: 'declared', reason: '申报人书面申请该专家回避' }));
    expect((await as(who, 'get', `/api/expert/files/${codes.C}`)).statusCode).toBe(404);
    // top the file up again: the auto assignment skips the now-conflicted expert
    const r = ok(await office.post(`/api/committee/meetings/${meetingId}/assignments/auto`, { applicationIds: [C.applicationId] }));
    expect(r.assigned).toBe(1);
    const reviewers = await sys.db.selectFrom('assignment').select('expertId').where('applicationId', '=', C.applicationId).execute();
    expect(reviewers.map((x) => x.expertId)).not.toContain(victim);
  });

  it('an expert not assigned to a file gets 404 for it', async () => {
    const rows = await sys.db.selectFrom('assignment').select(['applicationId', 'expertId']).execute();
    for (const [who, id] of Object.entries(ids)) {
      for (const [k, app] of Object.entries({ A, B, C })) {
        const assigned = rows.some((r) => r.expertId === id && r.applicationId === app.applicationId);
        const res = await as(who, 'get', `/api/expert/files/${codes[k as 'A']}`);
        expect(res.statusCode, `${who} ${k}`).toBe(assigned ? 200 : 404);
      }
    }
  });
});

describe('the expert’s anonymised file', () => {
  it('shows a file code, no A1, hidden A3 units, a blanked summary and masked URLs only', async () => {
    const reviewer = (await sys.db.selectFrom('assignment').select('expertId').where('applicationId', '=', A.applicationId).executeTakeFirstOrThrow()).expertId;
    const who = Object.entries(ids).find(([, id]) => id === reviewer)![0];
    const v = ok(await as(who, 'get', `/api/expert/files/${codes.A}`));
    expect(v.fileCode).toBe(codes.A);
    expect(v.sections).not.toHaveProperty('A1');
    expect(v.sections.A3.rows.map((r: { unit: string }) => r.unit)).toEqual(['（已隐去）', '（已隐去）']);
    expect(v.sections.A12.fields.text).toContain('本人（已隐去）');
    expect(v.sections.A5.rows[0].description).not.toContain('王建国');
    expect(v.attachments.map((a: { sectionCode: string }) => a.sectionCode)).toEqual(['A2', 'A5']);
    for (const a of v.attachments) {
      expect(Object.keys(a).sort()).toEqual(['height', 'id', 'maskedThumbUrl', 'maskedUrl', 'rowIndex', 'sectionCode', 'slot', 'width']);
      expect(a.maskedUrl).toMatch(/\/masked$/);
    }
  });

  it('ExpertApplicationView declares no identity field (the response schema is the safety net)', () => {
    const keys = new Set<string>();
    const walk = (s: unknown) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) keys.add(k);
      for (const v of Object.values(o)) walk(v);
    };
    walk(ExpertApplicationView);
    expect(keys.has('fileCode')).toBe(true);
    for (const k of ['A1', 'name', 'applicantName', 'displayName', 'idNumber', 'unit', 'unitName', 'recommendingOrgName', 'recommendingOrgId', 'applicantId', 'originalName', 'url', 'thumbUrl', 'photo']) {
      expect(keys.has(k), k).toBe(false);
    }
  });
});

describe('reviews and the secret ballot', () => {
  it('refuses to open the ballot without quorum (3 of 5 present < 4)', async () => {
    ok(await office.put(`/api/committee/meetings/${meetingId}/attendance`, {
      entries: [ids.expert1, ids.expert2, ids.expert3].map((expertId) => ({ expertId, isPresent: true })),
    }));
    const res = await office.post(`/api/committee/meetings/${meetingId}/ballot/open`);
    // registered as 422: the input (who is present) cannot open a ballot; not a state conflict
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 422, code: 'QUORUM_NOT_REACHED', title: '到会专家不足法定人数' });
    expect(res.json().detail).toContain('至少4人');
  });

  it('refuses to open the ballot while reviews are missing', async () => {
    ok(await office.put(`/api/committee/meetings/${meetingId}/attendance`, { entries: [{ expertId: ids.expert4, isPresent: true }] }));
    const res = await office.post(`/api/committee/meetings/${meetingId}/ballot/open`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('REVIEWS_INCOMPLETE');
  });

  it('experts save, then submit opinion and scores; incomplete scores are refused per field', async () => {
    const mine = await sys.db.selectFrom('assignment').innerJoin('application', 'application.id', 'assignment.applicationId').select(['assignment.expertId', 'application.fileCode']).execute();
    const first = mine[0]!;
    const who = Object.entries(ids).find(([, id]) => id === first.expertId)![0];
    const bad = await as(who, 'put', `/api/expert/files/${first.fileCode}/review`, { opinion: '业绩突出', scores: { ability: 25 }, submit: true });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['scores.achievement', 'scores.academic']);
    ok(await as(who, 'put', `/api/expert/files/${first.fileCode}/review`, { opinion: '草稿', scores: {}, submit: false }));
    for (const a of mine) {
      const w = Object.entries(ids).find(([, id]) => id === a.expertId)![0];
      const r = ok(await as(w, 'put', `/api/expert/files/${a.fileCode}/review`, { opinion: '专业基础扎实，业绩符合条件。', scores: { ability: 25, achievement: 32, academic: 20 }, submit: true }));
      expect(r.submitted).toBe(true);
    }
    const again = await as(who, 'put', `/api/expert/files/${first.fileCode}/review`, { opinion: '改', scores: { ability: 1, achievement: 1, academic: 1 }, submit: true });
    expect(again.statusCode).toBe(409);
  });

  it('refuses votes before the ballot opens', async () => {
    const res = await as('expert1', 'post', `/api/expert/meetings/${meetingId}/files/${codes.B}/vote`, { choice: 'approve' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('BALLOT_NOT_OPEN');
  });

  it('opens the ballot with 4 of 5 present and gives the office the tally key once; attendance is then frozen', async () => {
    const opened = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/open`));
    tallyKey = opened.tallyKey;
    expect(tallyKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
    expect(opened.meeting.status).toBe('voting');
    // shown once: the meeting and the tally answer never carry it again
    expect(JSON.stringify(ok(await office.get(`/api/committee/meetings/${meetingId}`)))).not.toContain(tallyKey);
    const res = await office.put(`/api/committee/meetings/${meetingId}/attendance`, { entries: [{ expertId: ids.expert5, isPresent: true }] });
    expect(res.statusCode).toBe(409);
  });

  it('present experts vote once each; absent, conflicted and repeated votes are refused', async () => {
    const vote = (who: string, k: 'A' | 'B' | 'C', choice: string) => as(who, 'post', `/api/expert/meetings/${meetingId}/files/${codes[k]}/vote`, { choice });
    // A: eligible 1,2,3 (4 is same-unit); 2 同意 + 1 弃权 = exactly 2/3 → passes
    ok(await vote('expert1', 'A', 'approve'));
    ok(await vote('expert2', 'A', 'approve'));
    ok(await vote('expert3', 'A', 'abstain'));
    expect((await vote('expert4', 'A', 'approve')).statusCode).toBe(404);
    // B: eligible 1–4; 2 同意 of 4 < 3 needed → fails
    ok(await vote('expert1', 'B', 'approve'));
    ok(await vote('expert2', 'B', 'reject'));
    ok(await vote('expert3', 'B', 'abstain'));
    ok(await vote('expert4', 'B', 'approve'));
    // C: one expert is recused by the manual conflict; the others all approve
    const recused = (await sys.db.selectFrom('conflict').select('expertId').where('applicationId', '=', C.applicationId).where('kind', '=', 'declared').executeTakeFirstOrThrow()).expertId;
    for (const who of ['expert1', 'expert2', 'expert3', 'expert4']) {
      const res = await vote(who, 'C', 'approve');
      expect(res.statusCode, who).toBe(ids[who] === recused ? 404 : 200);
    }
    const absent = await vote('expert5', 'B', 'approve');
    expect(absent.statusCode).toBe(409);
    expect(absent.json().code).toBe('NOT_PRESENT');
    const twice = await vote('expert1', 'B', 'reject');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ALREADY_VOTED');
  });

  it('while voting the office sees only how many ballots are in', async () => {
    const t = ok(await office.get(`/api/committee/meetings/${meetingId}/tally`));
    const b = t.files.find((f: { fileCode: string }) => f.fileCode === codes.B);
    expect(b).toEqual({ applicationId: B.applicationId, fileCode: codes.B, eligible: 4, votesCast: 4 });
    expect(t.missingVotes).toBe(0);
  });

  it('the vote path keeps no readable choice: an encrypted box per file, ballot records without a choice, no audit row', async () => {
    // (CamelCasePlugin renames result columns: column_name → columnName)
    expect(await sql`select 1 from information_schema.tables where table_name = 'vote'`.execute(sys.db).then((r) => r.rows)).toEqual([]);
    const cols = await sql<{ columnName: string; dataType: string }>`select column_name, data_type from information_schema.columns where table_name = 'ballot_box' order by ordinal_position`.execute(sys.db);
    expect(cols.rows.map((c) => `${c.columnName}:${c.dataType}`)).toEqual(['meeting_id:integer', 'application_id:integer', 'ciphertext:bytea']);
    const castCols = await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = 'ballot_cast' order by ordinal_position`.execute(sys.db);
    expect(castCols.rows.map((c) => c.columnName)).toEqual(['meeting_id', 'application_id', 'expert_id']);
    // and no audit row ties a voter to a file's vote
    const audit = await sys.db.selectFrom('auditLog').select('action').where('action', 'like', '%vote%').execute();
    expect(audit).toEqual([]);
  });

  it('refuses to close without the tally key, or with a wrong one, and keeps voting open', async () => {
    const none = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`);
    expect(none.statusCode).toBe(400);
    const typo = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey: 'ABCD-EFGH' });
    expect(typo.statusCode).toBe(422);
    expect(typo.json()).toMatchObject({ code: 'TALLY_KEY_INVALID', detail: expect.stringContaining('计票密钥') });
    // a well-formed key of another ballot
    const other = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey: newTallyKey(ballotCryptoDeps).tallyKey });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'TALLY_KEY_MISMATCH', detail: expect.stringContaining('计票密钥与本次投票不符') });
    const m = ok(await office.get(`/api/committee/meetings/${meetingId}`));
    expect(m.meeting.status).toBe('voting');
  });

  it('closing the ballot tallies totals only: A passes at exactly 2/3, B fails', async () => {
    // typed as people do: lower case, spaces for dashes
    const t = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey: tallyKey.toLowerCase().replace(/-/g, ' ') }));
    const byCode = Object.fromEntries(t.files.map((f: { fileCode: string }) => [f.fileCode, f]));
    expect(byCode[codes.A]).toMatchObject({ eligible: 3, approve: 2, reject: 0, abstain: 1, notVoted: 0, passed: true });
    expect(byCode[codes.B]).toMatchObject({ eligible: 4, approve: 2, reject: 1, abstain: 1, passed: false });
    expect(byCode[codes.C]).toMatchObject({ eligible: 3, approve: 3, passed: true });
    const allowed = ['applicationId', 'fileCode', 'votesCast', 'eligible', 'approve', 'reject', 'abstain', 'notVoted', 'passed', 'isOverturned', 'resultLabel'];
    for (const f of t.files) for (const k of Object.keys(f)) expect(allowed).toContain(k);
    const text = JSON.stringify(t);
    for (const [u, id] of Object.entries(ids)) {
      expect(text).not.toContain(u);
      expect(text).not.toMatch(new RegExp(`"(expertId|voterId|expert)":${id}\\b`));
    }
    const late = await as('expert5', 'post', `/api/expert/meetings/${meetingId}/files/${codes.C}/vote`, { choice: 'approve' });
    expect(late.statusCode).toBe(409);
  });
});

describe('results, objections, finalisation and certificates', () => {
  let token: string;
  let certificateId: number;

  it('publishes the results for 5 working days on the official calendar', async () => {
    const r = ok(await office.post(`/api/committee/meetings/${meetingId}/results/publish`));
    // Monday 2026-03-02 + 5 working days, the first day not counted
    expect(r).toEqual({ startsOn: '2026-03-02', endsOn: '2026-03-09', workingDays: 5 });
    const applicant = await loginAs(sys.app, A.username);
    const mine = ok(await applicant.get('/api/applicant/results'));
    expect(mine.items[0]).toMatchObject({ applicationId: A.applicationId, passed: true, isFinal: false, certificate: null });
  });

  it('refuses to finalise during the publicity, and while an objection is open', async () => {
    const early = await office.post(`/api/committee/meetings/${meetingId}/finalise`);
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('PUBLICITY_NOT_ENDED');
    const o = ok(await office.post(`/api/committee/meetings/${meetingId}/objections`, { applicationId: A.applicationId, content: '反映其业绩材料存疑', raisedBy: '匿名' }), 201);
    sys.clock.set('2026-03-10T02:00:00Z');
    await loginAgain(); // sessions last 7 days
    const blocked = await office.post(`/api/committee/meetings/${meetingId}/finalise`);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().detail).toContain('异议');
    const res = await office.post(`/api/committee/meetings/${meetingId}/objections/${o.id}/resolve`, { decision: 'dismissed', resolution: '经核实，业绩材料真实，异议不成立' });
    expect(res.statusCode).toBe(204);
  });

  it('finalises: A and C pass, B fails, through the state machine, with certificates', async () => {
    const r = ok(await office.post(`/api/committee/meetings/${meetingId}/finalise`));
    expect(r).toEqual({ passed: 2, failed: 1, certificates: 2 });
    const statuses = await sys.db.selectFrom('application').select(['id', 'status']).where('id', 'in', [A.applicationId, B.applicationId, C.applicationId]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [A.applicationId]: 'passed', [B.applicationId]: 'failed', [C.applicationId]: 'passed' });
    const results = ok(await office.get(`/api/committee/meetings/${meetingId}/results`));
    expect(results.files.find((f: { applicationId: number }) => f.applicationId === A.applicationId).certificateNumber).toMatch(/^2026-WS-ZJ-\d{4}$/);
  });

  it('the applicant downloads the certificate PDF; a failed applicant has none', async () => {
    const applicant = await loginAs(sys.app, A.username);
    const mine = ok(await applicant.get('/api/applicant/results'));
    const item = mine.items[0];
    expect(item).toMatchObject({ passed: true, isFinal: true, resultLabel: '通过' });
    token = item.certificate.verifyPath.replace('/verify/', '');
    const pdf = await applicant.get(item.certificate.pdfUrl);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(10_000);
    const other = await loginAs(sys.app, B.username);
    expect((await other.get(`/api/applicant/applications/${A.applicationId}/certificate.pdf`)).statusCode).toBe(404);
    expect(ok(await other.get('/api/applicant/results')).items[0]).toMatchObject({ passed: false, certificate: null });
    certificateId = (await sys.db.selectFrom('certificate').select('id').where('applicationId', '=', A.applicationId).executeTakeFirstOrThrow()).id;
  });

  it('the public verification (no login) says valid with a partly masked name', async () => {
    const anon = clientFor(sys.app);
    const v = ok(await anon.get(`/api/public/certificates/${token}`));
    expect(v).toMatchObject({ valid: true, revoked: false, holderName: '王*国', series: '卫生系列', specialty: '临床医学', level: 'middle', issuedOn: '2026-03-10' });
    expect(v.issuer).toBe('伊犁哈萨克自治州人力资源和社会保障局');
    expect(JSON.stringify(v)).not.toContain('王建国');
  });

  it('a forged or altered token is not found', async () => {
    const anon = clientFor(sys.app);
    const [payload, sig] = token.split('.') as [string, string];
    const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1);
    expect((await anon.get(`/api/public/certificates/${payload}.${flipped}`)).statusCode).toBe(404);
    const number = Buffer.from(payload, 'base64url').toString().split('|')[0];
    const otherPayload = Buffer.from(`${number}|000000000000`).toString('base64url');
    expect((await anon.get(`/api/public/certificates/${otherPayload}.${sig}`)).statusCode).toBe(404);
  });

  it('revocation by the bureau shows on the public page', async () => {
    const bureau = await loginAs(sys.app, 'bureau');
    ok(await bureau.post(`/api/bureau/certificates/${certificateId}/revoke`, { reason: '经查弄虚作假，撤销其职称' }));
    const v = ok(await clientFor(sys.app).get(`/api/public/certificates/${token}`));
    expect(v).toMatchObject({ valid: false, revoked: true, revokedOn: '2026-03-10' });
  });

  it('a title revoked in the integrity archive (application revoked) shows as revoked', async () => {
    const c = await sys.db.selectFrom('certificate').select(['token']).where('applicationId', '=', C.applicationId).executeTakeFirstOrThrow();
    expect(ok(await clientFor(sys.app).get(`/api/public/certificates/${c.token}`)).valid).toBe(true);
    // as the integrity service (I1) does: passed → revoked, with its audit row
    const app = await sys.db.selectFrom('application').select(['status', 'version']).where('id', '=', C.applicationId).executeTakeFirstOrThrow();
    await sys.db.updateTable('application').set({ status: 'revoked', version: app.version + 1 }).where('id', '=', C.applicationId).execute();
    await sys.db.insertInto('auditLog').values({ actorId: null, applicationId: C.applicationId, action: 'revoke', fromStatus: 'passed', toStatus: 'revoked', at: sys.clock.now() }).execute();
    expect(ok(await clientFor(sys.app).get(`/api/public/certificates/${c.token}`))).toMatchObject({ valid: false, revoked: true });
  });
});

describe('bureau dashboard', () => {
  it('counts per status, series, unit and year', async () => {
    const bureau = await loginAs(sys.app, 'bureau');
    const s = ok(await bureau.get('/api/bureau/dashboard?year=2026'));
    const byStatus = Object.fromEntries(s.byStatus.map((x: { key: string; count: number }) => [x.key, x.count]));
    expect(byStatus).toMatchObject({ passed: 1, failed: 1, revoked: 1 });
    expect(s.bySeries).toContainEqual({ key: '卫生系列', label: '卫生系列', count: s.total });
    expect(s.byUnit.find((u: { label: string }) => u.label === '伊犁哈萨克自治州中医医院').count).toBe(2);
    expect(s.byYear).toContainEqual({ key: '2026', label: '2026年度', count: s.total });
    expect((await office.get('/api/bureau/dashboard')).statusCode).toBe(403);
  });

  it('exports the applicant list and the result list as Excel', async () => {
    const bureau = await loginAs(sys.app, 'bureau');
    const read = async (url: string) => {
      const res = await bureau.get(url);
      expect(res.statusCode, res.rawPayload.toString().slice(0, 200)).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      return ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    };
    const applicants = await read('/api/bureau/dashboard/applicants.xlsx?year=2026');
    expect(applicants[0]).toContain('身份证号');
    expect(applicants.some((r) => r.includes('王建国') && r.includes(A.idNumber))).toBe(true);
    const results = await read('/api/bureau/dashboard/results.xlsx?year=2026');
    expect(results[0]).toEqual(expect.arrayContaining(['同意', '不同意', '弃权', '评审结果']));
    const rowB = results.find((r) => r.includes('李秀英'))!;
    expect(rowB).toContain('未通过');
    const officeXlsx = await office.get(`/api/committee/meetings/${meetingId}/results.xlsx`);
    expect(officeXlsx.statusCode).toBe(200);
  });
});

describe('anonymity sweep: nothing identifying ever reached an expert', () => {
  it('every expert route and attachment variant, for every expert, after the whole journey', async () => {
    // one more pass over every route and variant now that the meeting is final
    for (const who of Object.keys(ids)) {
      await as(who, 'get', '/api/expert/meetings');
      await as(who, 'get', `/api/expert/meetings/${meetingId}`);
      for (const k of ['A', 'B', 'C'] as const) {
        await as(who, 'get', `/api/expert/files/${codes[k]}`);
        await as(who, 'put', `/api/expert/files/${codes[k]}/review`, { opinion: 'x', scores: {}, submit: false });
        await as(who, 'post', `/api/expert/meetings/${meetingId}/files/${codes[k]}/vote`, { choice: 'approve' });
      }
      await as(who, 'get', '/api/notifications');
      for (const f of [A, B, C]) {
        // the shared and applicant routes that name the applicant must stay closed to experts
        await as(who, 'get', `/api/applications/${f.applicationId}/timeline`);
        await as(who, 'get', `/api/applications/${f.applicationId}/documents/publicity_notice`);
        await as(who, 'get', `/api/applicant/applications/${f.applicationId}`);
        await as(who, 'get', `/api/applicant/applications/${f.applicationId}/certificate.pdf`);
        await as(who, 'get', `/api/public/certificates/${'x'.repeat(20)}.${'y'.repeat(43)}`);
        for (const a of f.attachments) {
          for (const v of ['original', 'thumb', 'masked', 'masked-thumb']) await as(who, 'get', `/api/attachments/${a.id}/${v}`);
        }
      }
    }
    const forbidden: string[] = [];
    const originals: Buffer[] = [];
    for (const f of [A, B, C]) {
      forbidden.push(f.name, f.idNumber, f.unitName, ...f.unitAliases, ...f.attachments.map((a) => a.originalName));
      for (const a of f.attachments) originals.push(a.original, a.thumb);
    }
    forbidden.push('伊宁县人民医院', '建国', '秀英', '丽娜');
    let images = 0;
    for (const { who, url, res } of expertResponses) {
      const body = res.rawPayload;
      for (const o of originals) expect(body.equals(o), `${who} ${url} returned an original image`).toBe(false);
      const text = body.toString('utf8');
      for (const s of forbidden) expect(text.includes(s), `${who} ${url} leaked “${s}”`).toBe(false);
      if (String(res.headers['content-type']).startsWith('image/')) {
        images++;
        expect(url).toMatch(/\/(masked|masked-thumb)$/);
      }
      // section-1 images never come out, in any variant
      if (/\/api\/attachments\//.test(url)) {
        const id = Number(url.split('/')[3]);
        const a = [A, B, C].flatMap((f) => f.attachments).find((x) => x.id === id)!;
        if (a.sectionCode === 'A1' || /\/(original|thumb)$/.test(url)) expect(res.statusCode, `${who} ${url}`).toBe(404);
        if (res.statusCode === 200) expect(body.equals(a.masked!) || url.endsWith('masked-thumb')).toBe(true);
      }
    }
    expect(images).toBeGreaterThan(0);
    expect(expertResponses.length).toBeGreaterThan(150);
  });
});
