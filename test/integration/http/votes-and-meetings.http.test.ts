// Issue 11 "Votes and meetings" over HTTP: nothing of the ballot happens before the meeting's day;
// a vote says when it was recorded; closing with missing votes is refused until the office confirms
// the count a second time (acceptMissing), and the policy says how the missing votes count; an
// expert declares a conflict (回避) with an assigned file themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client, type Res } from '../../support/http-client';
import { createAcceptedFile, userId, type AcceptedFile } from '../../support/expert-fixtures';

let sys: TestSystem;
let office: Client;
const experts: Record<string, Client> = {};
const ids: Record<string, number> = {};
let X: AcceptedFile;
let Y: AcceptedFile;
let meetingId: number;
let codes: Record<'X' | 'Y', string>;
let tallyKey: string;

// the test clock starts on Monday 2026-03-02 10:00 in Shanghai; the meeting is on Wednesday
const MEETING_AT = '2026-03-04T06:00:00Z';
const MEETING_DAY_MORNING = '2026-03-04T00:30:00Z'; // 08:30 in Shanghai, the meeting's day

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}

async function loginEveryone() {
  office = await loginAs(sys.app, 'committee');
  for (const u of ['expert1', 'expert2', 'expert3']) experts[u] = await loginAs(sys.app, u);
}

const vote = (who: string, k: 'X' | 'Y', choice: string) => experts[who]!.post(`/api/expert/meetings/${meetingId}/files/${codes[k]}/vote`, { choice });

beforeAll(async () => {
  sys = await createTestSystem();
  X = await createAcceptedFile(sys.ctx, { name: '李秀英', seq: 811, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  Y = await createAcceptedFile(sys.ctx, { name: '马丽娜', seq: 812, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  for (const u of ['expert1', 'expert2', 'expert3']) ids[u] = await userId(sys.db, u);
  await loginEveryone();
  meetingId = ok(
    await office.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: '投票与会期测试', scheduledAt: MEETING_AT, reviewersPerFile: 3 }),
    201,
  ).id;
  ok(await office.put(`/api/committee/meetings/${meetingId}/roster`, { expertIds: Object.values(ids) }));
  ok(await office.put(`/api/committee/meetings/${meetingId}/attendance`, { entries: Object.values(ids).map((expertId) => ({ expertId, isPresent: true })) }));
  ok(await office.post(`/api/committee/meetings/${meetingId}/assignments/auto`, {}));
  const m = ok(await office.get(`/api/committee/meetings/${meetingId}`));
  const code = (f: AcceptedFile) => m.files.find((x: { applicationId: number }) => x.applicationId === f.applicationId).fileCode as string;
  codes = { X: code(X), Y: code(Y) };
});

afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('an expert declares a conflict (回避) from the file view', () => {
  it('refuses a declaration without a reason, per field', async () => {
    const res = await experts.expert3!.post(`/api/expert/files/${codes.Y}/conflict`, { reason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('reason');
  });

  it('records expert_declared, drops the assignment, closes the file to the expert and tells the office', async () => {
    expect((await experts.expert3!.get(`/api/expert/files/${codes.Y}`)).statusCode).toBe(200);
    const r = ok(await experts.expert3!.post(`/api/expert/files/${codes.Y}/conflict`, { reason: '本人曾指导过该申报人的论文' }));
    expect(r).toMatchObject({ fileCode: codes.Y, meetingId });
    expect(r.message).toContain('已登记回避');
    expect((await experts.expert3!.get(`/api/expert/files/${codes.Y}`)).statusCode).toBe(404);
    const conflict = await sys.db.selectFrom('conflict').select(['kind', 'reason', 'createdBy']).where('applicationId', '=', Y.applicationId).where('expertId', '=', ids.expert3!).execute();
    expect(conflict).toEqual([{ kind: 'expert_declared', reason: '本人曾指导过该申报人的论文', createdBy: ids.expert3 }]);
    const assigned = await sys.db.selectFrom('assignment').select('expertId').where('applicationId', '=', Y.applicationId).execute();
    expect(assigned.map((a) => a.expertId)).not.toContain(ids.expert3);
    const audit = await sys.db.selectFrom('auditLog').select(['actorId', 'action']).where('applicationId', '=', Y.applicationId).where('action', '=', 'conflict_add').execute();
    expect(audit).toEqual([{ actorId: ids.expert3, action: 'conflict_add' }]);
    const notes = ok(await office.get('/api/notifications'));
    expect(JSON.stringify(notes)).toContain(`材料${codes.Y}申请回避`);
    // the office sees it among the meeting's conflicts, labelled as the expert's own
    const m = ok(await office.get(`/api/committee/meetings/${meetingId}`));
    expect(m.conflicts).toContainEqual(expect.objectContaining({ applicationId: Y.applicationId, expertId: ids.expert3, kind: 'expert_declared' }));
    // the expert's agenda no longer lists the file
    const mine = ok(await experts.expert3!.get(`/api/expert/meetings/${meetingId}`));
    expect(mine.files.map((f: { fileCode: string }) => f.fileCode)).not.toContain(codes.Y);
  });

  it('answers 404 for a file the expert is not assigned to, and to a non-expert', async () => {
    expect((await experts.expert3!.post(`/api/expert/files/${codes.Y}/conflict`, { reason: '再次申请回避' })).statusCode).toBe(404);
    expect((await experts.expert3!.post('/api/expert/files/2026-WS-9999/conflict', { reason: '不存在的材料' })).statusCode).toBe(404);
    expect((await office.post(`/api/expert/files/${codes.X}/conflict`, { reason: '不是专家' })).statusCode).toBe(403);
  });
});

describe('nothing of the ballot before the meeting’s day', () => {
  it('experts submit their reviews', async () => {
    const rows = await sys.db.selectFrom('assignment').innerJoin('application', 'application.id', 'assignment.applicationId').select(['assignment.expertId', 'application.fileCode']).execute();
    for (const a of rows) {
      const who = Object.entries(ids).find(([, id]) => id === a.expertId)![0];
      ok(await experts[who]!.put(`/api/expert/files/${a.fileCode}/review`, { opinion: '专业基础扎实，业绩符合条件。', scores: { ability: 25, achievement: 32, academic: 20 }, submit: true }));
    }
  });

  it('refuses to open the ballot before the scheduled day, naming the day', async () => {
    const res = await office.post(`/api/committee/meetings/${meetingId}/ballot/open`);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'MEETING_NOT_YET', title: '评审会尚未召开' });
    expect(res.json().detail).toContain('2026年3月4日');
    expect(ok(await office.get(`/api/committee/meetings/${meetingId}`)).meeting.status).toBe('planned');
  });

  it('opens on the meeting’s day, before the meeting’s hour', async () => {
    sys.clock.set(MEETING_DAY_MORNING);
    await loginEveryone(); // sessions expire when idle
    const opened = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/open`));
    tallyKey = opened.tallyKey;
    expect(opened.meeting.status).toBe('voting');
  });

  it('refuses a vote, the count and the results while the clock stands before the meeting’s day', async () => {
    // the meeting cannot be moved while voting, so only a clock set back reaches these refusals
    sys.clock.set('2026-03-03T08:00:00Z');
    await loginEveryone();
    const early = await vote('expert1', 'X', 'approve');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('MEETING_NOT_YET');
    expect(early.json().detail).toContain('方可投票');
    const close = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey, acceptMissing: true });
    expect(close.statusCode).toBe(409);
    expect(close.json().code).toBe('MEETING_NOT_YET');
    const cast = await sys.db.selectFrom('ballotCast').select('expertId').where('meetingId', '=', meetingId).execute();
    expect(cast).toEqual([]);
    sys.clock.set(MEETING_DAY_MORNING);
    await loginEveryone(); // sessions expire when idle
  });
});

describe('a vote says when it was recorded; closing with missing votes needs a second confirmation', () => {
  it('records a vote once and answers with the time it was recorded', async () => {
    const r = ok(await vote('expert1', 'X', 'approve'));
    expect(r).toEqual({ fileCode: codes.X, hasVoted: true, recordedAt: new Date(MEETING_DAY_MORNING).toISOString() });
    const again = await vote('expert1', 'X', 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_VOTED');
    ok(await vote('expert2', 'X', 'approve'));
    ok(await vote('expert1', 'Y', 'reject'));
  });

  it('refuses a conflict declared after the expert voted on the file', async () => {
    const res = await experts.expert1!.post(`/api/expert/files/${codes.X}/conflict`, { reason: '投票后才想起' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ALREADY_VOTED');
  });

  it('while voting, the office sees per file who may vote and how many votes are missing', async () => {
    const t = ok(await office.get(`/api/committee/meetings/${meetingId}/tally`));
    // X: 3 eligible, 2 in; Y: 2 eligible (expert3 recused), 1 in → 2 missing
    expect(t.files).toEqual([
      { applicationId: X.applicationId, fileCode: codes.X, eligible: 3, votesCast: 2 },
      { applicationId: Y.applicationId, fileCode: codes.Y, eligible: 2, votesCast: 1 },
    ].sort((a, b) => a.fileCode.localeCompare(b.fileCode)));
    expect(t.missingVotes).toBe(2);
    expect(t.missingAsAbstain).toBe(true);
  });

  it('refuses to close with missing votes without acceptMissing, saying how many, and keeps voting open', async () => {
    for (const body of [{ tallyKey }, { tallyKey, acceptMissing: false }]) {
      const res = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'VOTES_MISSING', title: '还有专家未投票' });
      expect(res.json().detail).toContain('还有2票未投');
      expect(res.json().detail).toContain('计为弃权');
    }
    expect(ok(await office.get(`/api/committee/meetings/${meetingId}`)).meeting.status).toBe('voting');
    // a late vote still counts
    ok(await vote('expert3', 'X', 'approve'));
    const once = await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey });
    expect(once.json().detail).toContain('还有1票未投');
  });

  it('closes after the second confirmation; the missing vote counts as an abstention and is audited', async () => {
    const t = ok(await office.post(`/api/committee/meetings/${meetingId}/ballot/close`, { tallyKey, acceptMissing: true }));
    expect(t.status).toBe('closed');
    const byCode = Object.fromEntries(t.files.map((f: { fileCode: string }) => [f.fileCode, f]));
    expect(byCode[codes.X]).toMatchObject({ eligible: 3, approve: 3, notVoted: 0, passed: true });
    // Y: 2 eligible, 1 不同意, 1 missing (as 弃权) → 0 of 2 同意
    expect(byCode[codes.Y]).toMatchObject({ eligible: 2, approve: 0, reject: 1, abstain: 0, notVoted: 1, passed: false });
    const audit = await sys.db.selectFrom('auditLog').select(['reason', 'detail']).where('action', '=', 'ballot_close').executeTakeFirstOrThrow();
    expect(audit.reason).toBe('确认缺1票结束投票');
    expect(audit.detail).toMatchObject({ missingVotes: 1, missingAsAbstain: true });
  });

  it('the expert cannot declare a conflict once voting has ended', async () => {
    const res = await experts.expert2!.post(`/api/expert/files/${codes.Y}/conflict`, { reason: '投票结束后才申请' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('MEETING_STATUS');
  });

  it('publishes the results on the meeting’s day, not before', async () => {
    sys.clock.set('2026-03-03T08:00:00Z');
    await loginEveryone();
    const early = await office.post(`/api/committee/meetings/${meetingId}/results/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('方可公示评审结果');
    sys.clock.set(MEETING_DAY_MORNING);
    await loginEveryone(); // sessions expire when idle
    const r = ok(await office.post(`/api/committee/meetings/${meetingId}/results/publish`));
    expect(r.startsOn).toBe('2026-03-04');
  });
});
