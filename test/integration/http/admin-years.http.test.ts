// 评审年度 administration over HTTP (issue 10): only the bureau administrator, every policy value
// checked with the setting named in Chinese, a change that acts on files shown and confirmed first,
// each change audited, the application window enforced on the applicant's side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { loginAs, type Client } from '../../support/http-client';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { fileIn } from '../../support/year-fixtures';

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

async function audits(action: string) {
  return sys.db.selectFrom('auditLog').select(['actorId', 'detail', 'ip']).where('action', '=', action).execute();
}

describe('review-year administration', () => {
  it('refuses every other role with 403', async () => {
    for (const who of ['finance', 'unit', 'committee', DEMO_APPLICANT_ID]) {
      const c = await loginAs(sys.app, who);
      expect((await c.get('/api/admin/years')).statusCode, who).toBe(403);
      const res = await c.post('/api/admin/years');
      expect(res.statusCode, who).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await sys.db.selectFrom('policyYear').select('year').where('year', '>', 2026).execute()).toEqual([]);
  });

  it('lists the years with every policy setting and its Chinese title', async () => {
    const res = await admin.get('/api/admin/years');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((y: { year: number }) => y.year)).toEqual([2026, 2023]);
    const fee = body.fields.find((f: { key: string }) => f.key === 'fee_deadline');
    expect(fee).toMatchObject({ kind: 'date_or_null', title: '评审费缴纳截止日期' });
    for (const key of ['application_opens_on', 'application_closes_on', 'quorum_fraction', 'publicity_working_days', 'summary_max_chars']) {
      expect(body.fields.map((f: { key: string }) => f.key)).toContain(key);
    }
    expect(body.items[0].settings.fee_deadline).toBeNull();
  });

  it('opens the next year by copying the last: year lists move with the year, dates start empty, audited', async () => {
    await admin.put('/api/admin/years/2026/policy', { settings: { publicity_working_days: 7, fee_deadline: '2026-06-30' } });
    const res = await admin.post('/api/admin/years');
    expect(res.statusCode).toBe(201);
    const y = res.json();
    expect(y).toMatchObject({ year: 2027, copiedFrom: 2026, isOpen: true });
    expect(y.settings.appraisal_years).toEqual([2024, 2025, 2026]);
    expect(y.settings.publicity_working_days).toBe(7);
    expect(y.settings.fee_deadline).toBeNull();
    const row = (await audits('policy_year_opened')).at(-1)!;
    expect(row.detail).toEqual({ year: 2027, copiedFrom: 2026 });
    expect(row.actorId).not.toBeNull();
  });

  it('refuses a bad value, naming the setting in Chinese, and saves nothing', async () => {
    const before = (await sys.db.selectFrom('policyYear').select('settings').where('year', '=', 2027).executeTakeFirstOrThrow()).settings;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ fee_deadline: '2027年6月30日' }, 'settings.fee_deadline', '评审费缴纳截止日期'],
      [{ publicity_working_days: 0 }, 'settings.publicity_working_days', '推荐单位公示工作日数'],
      [{ pass_fraction: { num: 4, den: 3 } }, 'settings.pass_fraction', '评审通过所需同意票比例'],
      [{ summary_min_chars: 5000 }, 'settings.summary_min_chars', '工作总结最多字数'],
      [{ application_opens_on: '2027-05-01', application_closes_on: '2027-04-01' }, 'settings.application_closes_on', '申报截止日期'],
      [{ fee_deadlin: '2027-06-30' }, 'settings.fee_deadlin', 'fee_deadlin'],
    ];
    for (const [settings, field, words] of cases) {
      for (const url of ['/api/admin/years/2027/policy/preview']) {
        const res = await admin.post(url, { settings });
        expect(res.statusCode, JSON.stringify(settings)).toBe(422);
        expect(res.json().code).toBe('POLICY_INVALID');
      }
      const res = await admin.put('/api/admin/years/2027/policy', { settings });
      expect(res.statusCode, JSON.stringify(settings)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain(words);
      expect(res.json().errors[0].field).toBe(field);
    }
    const after = (await sys.db.selectFrom('policyYear').select('settings').where('year', '=', 2027).executeTakeFirstOrThrow()).settings;
    expect(after).toEqual(before);
  });

  it('answers 404 for a year that does not exist', async () => {
    const res = await admin.put('/api/admin/years/2031/policy', { settings: { fee_deadline: '2031-06-30' } });
    expect(res.statusCode).toBe(404);
  });

  it('shows which files a change affects, refuses to save it unconfirmed, and saves it once confirmed', async () => {
    const coded = await fileIn(sys.db, 'accepted', { year: 2027, fileCode: '2027-WS-0001' });
    const uncoded = await fileIn(sys.db, 'accepted', { year: 2027 });
    await fileIn(sys.db, 'draft', { year: 2027 }); // the fee deadline does not act on a draft
    const preview = await admin.post('/api/admin/years/2027/policy/preview', { settings: { fee_deadline: '2027-07-15' } });
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.changes).toEqual([{ key: 'fee_deadline', title: '评审费缴纳截止日期', from: null, to: '2027-07-15' }]);
    expect(p.affected.count).toBe(2);
    expect(p.affected.files.map((f: { label: string }) => f.label)).toEqual(['2027-WS-0001', `2027年度第${uncoded.id}号申报`]);
    expect(p.affected.files[0]).toMatchObject({ applicationId: coded.id, statusLabel: '评审委员会已接收材料' });

    const unconfirmed = await admin.put('/api/admin/years/2027/policy', { settings: { fee_deadline: '2027-07-15' } });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().code).toBe('POLICY_AFFECTS_FILES');
    expect(unconfirmed.json().detail).toContain('2份申报材料');
    expect(unconfirmed.json().detail).toContain('2027-WS-0001');
    const stale = await admin.put('/api/admin/years/2027/policy', { settings: { fee_deadline: '2027-07-15' }, confirmAffected: 1 });
    expect(stale.statusCode).toBe(409);
    const policy = await sys.db.selectFrom('policyYear').select('settings').where('year', '=', 2027).executeTakeFirstOrThrow();
    expect((policy.settings as Record<string, unknown>).fee_deadline).toBeNull();

    const saved = await admin.put('/api/admin/years/2027/policy', { settings: { fee_deadline: '2027-07-15' }, confirmAffected: 2 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().affected.count).toBe(2);
    const after = await sys.db.selectFrom('policyYear').select('settings').where('year', '=', 2027).executeTakeFirstOrThrow();
    expect((after.settings as Record<string, unknown>).fee_deadline).toBe('2027-07-15');
    const row = (await audits('policy_changed')).at(-1)!;
    expect(row.detail).toMatchObject({ year: 2027, changes: [{ key: 'fee_deadline', from: null, to: '2027-07-15' }], affected: ['2027-WS-0001', `2027年度第${uncoded.id}号申报`] });
    // and the deadline and its reminder are scheduled
    const jobs = await sys.db.selectFrom('job').select(['key', 'runAt']).where('key', 'like', '%:2027:fee').orderBy('key').execute();
    expect(jobs.map((j) => [j.key, new Date(j.runAt).toISOString()])).toEqual([
      ['deadline_reminder:2027:fee', '2027-07-14T01:00:00.000Z'],
      ['year_deadline:2027:fee', '2027-07-15T16:00:00.000Z'],
    ]);
  });

  it('saves a change that affects no file without asking', async () => {
    const res = await admin.put('/api/admin/years/2027/policy', { settings: { integrity_ban_years: 5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().affected.count).toBe(0);
  });

  it('closes a year once; closing it again is refused; a closed year takes no new application', async () => {
    const res = await admin.post('/api/admin/years/2027/close');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ year: 2027, isOpen: false });
    const again = await admin.post('/api/admin/years/2027/close');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'YEAR_ALREADY_CLOSED', detail: '2027年度已关闭，无需重复关闭' });
    expect((await audits('policy_year_closed')).length).toBe(1);
    const applicant = await loginAs(sys.app, DEMO_APPLICANT_ID);
    const catalog = (await applicant.get('/api/catalog')).json();
    const create = await applicant.post('/api/applicant/applications', {
      year: 2027,
      specialtyId: catalog.specialties[0].id,
      level: 'middle',
      recommendingOrgId: catalog.recommendingUnits[0].id,
    });
    expect(create.statusCode).toBe(422);
    expect(create.json().code).toBe('YEAR_CLOSED');
  });
});

describe('the application window', () => {
  it('refuses a new draft after application_closes_on with a Chinese message, and before application_opens_on', async () => {
    const applicant = await loginAs(sys.app, DEMO_APPLICANT_ID);
    const catalog = (await applicant.get('/api/catalog')).json();
    const input = { year: 2026, specialtyId: catalog.specialties[0].id, level: 'middle', recommendingOrgId: catalog.recommendingUnits[0].id };
    // the test clock stands at 2026-03-02
    expect((await admin.put('/api/admin/years/2026/policy', { settings: { application_closes_on: '2026-03-01' }, confirmAffected: await drafts(2026) })).statusCode).toBe(200);
    const late = await applicant.post('/api/applicant/applications', input);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'APPLICATION_WINDOW_CLOSED', title: '不在申报时间内' });
    expect(late.json().detail).toContain('2026年度申报已于2026年3月1日截止');

    expect((await admin.put('/api/admin/years/2026/policy', { settings: { application_opens_on: '2026-03-05', application_closes_on: null }, confirmAffected: await drafts(2026) })).statusCode).toBe(200);
    const early = await applicant.post('/api/applicant/applications', input);
    expect(early.statusCode).toBe(422);
    expect(early.json().detail).toContain('2026年3月5日开始');

    expect((await admin.put('/api/admin/years/2026/policy', { settings: { application_opens_on: '2026-03-02' }, confirmAffected: await drafts(2026) })).statusCode).toBe(200);
    const open = await applicant.post('/api/applicant/applications', input);
    expect(open.statusCode).toBe(201);
  });
});

async function drafts(year: number) {
  const r = await sys.db.selectFrom('application').select((eb) => eb.fn.countAll<string>().as('n')).where('year', '=', year).where('status', '=', 'draft').executeTakeFirstOrThrow();
  return Number(r.n);
}
