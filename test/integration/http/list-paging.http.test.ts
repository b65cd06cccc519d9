// Issue 11 "Work in bulk" / issue 13 item 5: every stage's list pages on the server with a total,
// sorts, filters by status, specialty and unit, and searches by name, ID number or file code; bad
// page numbers get a clear 400, never a silent cut or a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { insertBulkFiles } from '../../support/bulk-files';
import { validIdNumber } from '../../support/id-numbers';
import { fileListQuery } from '../../../src/services/review-list.service';

let sys: TestSystem;
let unit: Client, competent: Client, committee: Client, bureau: Client;
let hosp: number[], tcm: number[];

beforeAll(async () => {
  sys = await createTestSystem();
  [unit, competent, committee, bureau] = await Promise.all(['unit', 'competent', 'committee', 'bureau'].map((u) => loginAs(sys.app, u)));
  // 530 files at the demo unit (more than the old silent cut at 500), 7 at another unit of the same competent unit.
  hosp = await insertBulkFiles(sys.db, 530, { unit: 'hosp', statuses: ['submitted', 'submitted', 'in_publicity'], specialties: ['临床医学', '护理'] });
  tcm = await insertBulkFiles(sys.db, 7, { unit: 'tcm', from: 1001, statuses: ['unit_recommended'] });
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

type Item = { id: number; applicantName: string; fileCode: string | null; status: string; specialtyName: string; recommendingOrgId: number; updatedAt: string };
async function page(c: Client, url: string) {
  const r = await c.get(url);
  expect(r.statusCode, r.rawPayload.toString()).toBe(200);
  return r.json() as { items: Item[]; total: number; page: number; pageSize: number };
}

describe('paging', () => {
  it('answers a page of 20 by default with the total of all 530 files, not a cut at 500', async () => {
    const p = await page(unit, '/api/unit/applications');
    expect(p).toMatchObject({ total: 530, page: 1, pageSize: 20 });
    expect(p.items).toHaveLength(20);
  });

  it('walks every page once: no file twice, none missing', async () => {
    const seen = new Set<number>();
    for (let n = 1; n <= 6; n++) {
      const p = await page(unit, `/api/unit/applications?page=${n}&pageSize=100`);
      expect(p.total).toBe(530);
      expect(p.items.length).toBe(n < 6 ? 100 : 30);
      for (const i of p.items) seen.add(i.id);
    }
    expect(seen.size).toBe(530);
    expect([...seen].sort((a, b) => a - b)).toEqual([...hosp].sort((a, b) => a - b));
  });

  it('answers a page past the end with no items and the real total', async () => {
    const p = await page(unit, '/api/unit/applications?page=99&pageSize=20');
    expect(p).toMatchObject({ items: [], total: 530, page: 99 });
  });

  it.each([
    ['page=0', /页码/],
    ['page=-1', /页码/],
    ['page=abc', /页码/],
    ['page=1.5', /页码/],
    ['page=100000', /页码/],
    ['pageSize=0', /每页条数/],
    ['pageSize=101', /每页条数/],
    ['sort=password', /排序字段/],
    ['order=sideways', /排序方向/],
  ])('refuses %s with a 400 that names the parameter', async (qs, message) => {
    const r = await unit.get(`/api/unit/applications?${qs}`);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(r.json()), JSON.stringify(r.json())).toMatch(message);
  });

  it('refuses a NUL byte in the search with a 400, never a 500', async () => {
    const r = await unit.get('/api/unit/applications?q=%E7%8E%8B%00');
    expect(r.statusCode).toBe(400);
    expect(r.json().detail + JSON.stringify(r.json().errors)).toMatch(/空字符/);
  });
});

describe('sorting', () => {
  it('sorts by name ascending and descending, and by file code', async () => {
    const asc = (await page(unit, '/api/unit/applications?sort=applicantName&order=asc&pageSize=50')).items.map((i) => i.applicantName);
    expect(asc).toEqual([...asc].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = (await page(unit, '/api/unit/applications?sort=applicantName&order=desc&pageSize=50')).items.map((i) => i.applicantName);
    expect(desc[0] >= desc[desc.length - 1]).toBe(true);
    expect(desc[0]).not.toBe(asc[0]);
    const codes = (await page(unit, '/api/unit/applications?sort=fileCode&pageSize=5')).items.map((i) => i.fileCode);
    expect(codes).toEqual(['2026-WS-0001', '2026-WS-0002', '2026-WS-0003', '2026-WS-0004', '2026-WS-0005']);
  });

  it('sorts newest change first by default', async () => {
    const times = (await page(unit, '/api/unit/applications?pageSize=100')).items.map((i) => i.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe('filters and search', () => {
  it('filters by status and by specialty, with totals to match', async () => {
    const inPublicity = await page(unit, '/api/unit/applications?status=in_publicity');
    expect(inPublicity.total).toBe(177); // sequences 2, 5, … 530
    expect(inPublicity.items.every((i) => i.status === 'in_publicity')).toBe(true);
    const cat = (await unit.get('/api/catalog')).json();
    const nursing = cat.specialties.find((s: { name: string }) => s.name === '护理').id;
    const p = await page(unit, `/api/unit/applications?specialtyId=${nursing}`);
    expect(p.total).toBe(265);
    expect(p.items.every((i) => i.specialtyName === '护理')).toBe(true);
  });

  it('filters the competent unit\'s list by recommending unit', async () => {
    const all = await page(competent, '/api/competent/applications');
    expect(all.total).toBe(7); // only the forwarded ones reached it
    const tcmId = all.items[0].recommendingOrgId;
    expect((await page(competent, `/api/competent/applications?unitId=${tcmId}`)).total).toBe(7);
    const other = (await page(competent, `/api/competent/applications?unitId=${tcmId + 1000}`)).total;
    expect(other).toBe(0);
    expect((await page(committee, '/api/committee/applications')).total).toBe(0);
    expect(tcm).toHaveLength(7);
  });

  it('searches by part of the name, by the start of the ID number and by the file code', async () => {
    const byName = await page(unit, `/api/unit/applications?q=${encodeURIComponent('批量12')}`);
    // 批量12, 批量120–129, 批量1200… (only up to 530): 12, 120–129 → 11 files
    expect(byName.total).toBe(11);
    const byId = await page(unit, '/api/unit/applications?q=654002198000000042');
    expect(byId.items.map((i) => i.applicantName)).toEqual(['张批量42']);
    const byIdStart = await page(unit, '/api/unit/applications?q=65400219800000004');
    expect(byIdStart.total).toBe(10); // 40–49
    const byCode = await page(unit, '/api/unit/applications?q=2026-WS-0042');
    expect(byCode.items.map((i) => i.applicantName)).toEqual(['张批量42']);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect((await page(unit, '/api/unit/applications?q=%25')).total).toBe(0);
    expect((await page(unit, '/api/unit/applications?q=_')).total).toBe(0);
  });
});

describe('meetings and integrity records', () => {
  it('pages the meetings with a total, filters by status and searches by title', async () => {
    for (const [i, title] of ['第一次评审会', '第二次评审会', '补充评审会'].entries()) {
      const r = await committee.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title, scheduledAt: `2026-03-1${i}T02:00:00Z` });
      expect(r.statusCode, r.rawPayload.toString()).toBe(201);
    }
    const first = await page(committee, '/api/committee/meetings?pageSize=2');
    expect(first.total).toBe(3);
    expect(first.items.map((m) => (m as unknown as { title: string }).title)).toEqual(['补充评审会', '第二次评审会']);
    const second = await page(committee, '/api/committee/meetings?pageSize=2&page=2');
    expect(second.items.map((m) => (m as unknown as { title: string }).title)).toEqual(['第一次评审会']);
    expect((await page(committee, `/api/committee/meetings?q=${encodeURIComponent('补充')}`)).total).toBe(1);
    expect((await page(committee, '/api/committee/meetings?status=final')).total).toBe(0);
    expect((await committee.get('/api/committee/meetings?status=nonsense')).statusCode).toBe(400);
  });

  it('treats % _ and \\ in the meetings search as plain characters', async () => {
    const r = await committee.post('/api/committee/meetings', { year: 2026, series: '卫生系列', level: 'middle', title: '2026_第4次评审会（100%到会）', scheduledAt: '2026-03-20T02:00:00Z' });
    expect(r.statusCode, r.rawPayload.toString()).toBe(201);
    const titles = async (q: string) => (await page(committee, `/api/committee/meetings?q=${encodeURIComponent(q)}`)).items.map((m) => (m as unknown as { title: string }).title);
    expect(await titles('_')).toEqual(['2026_第4次评审会（100%到会）']);
    expect(await titles('%')).toEqual(['2026_第4次评审会（100%到会）']);
    expect(await titles('第_次')).toEqual([]);
    expect(await titles('\\')).toEqual([]);
  });

  it('pages the integrity records and finds them by the start of the ID number', async () => {
    const ids = [1, 2, 3].map((n) => validIdNumber('654002', '19850101', 500 + n));
    for (const idNumber of ids) {
      const r = await bureau.post('/api/bureau/integrity-records', { idNumber, finding: '提供虚假业绩材料', decidedOn: '2026-03-01', documentRef: '伊州人社发〔2026〕12号' });
      expect(r.statusCode, r.rawPayload.toString()).toBe(201);
    }
    const p = await page(bureau, '/api/bureau/integrity-records?pageSize=2');
    expect(p.total).toBe(3);
    expect(p.items).toHaveLength(2);
    expect((await page(bureau, `/api/bureau/integrity-records?idNumber=${ids[1]}`)).total).toBe(1);
    expect((await page(bureau, '/api/bureau/integrity-records?idNumber=65400219850101')).total).toBe(3);
    expect((await bureau.get('/api/bureau/integrity-records?page=0')).statusCode).toBe(400);
  });
});

describe('the SQL a stage list runs', () => {
  it('reads one page in index order and counts from the application row alone', () => {
    const { qb, order, countFrom } = fileListQuery(sys.db, 'unit', [7], { status: 'submitted' });
    expect(order(qb).limit(20).compile().sql).toMatchInlineSnapshot(`"select "application"."id", "application"."year", "application"."status", "application"."version", "application"."level", "application"."file_code", "application"."submitted_at", "application"."updated_at", "application"."return_deadline_at", "app_user"."display_name" as "applicant_name", "specialty"."series", "specialty"."name" as "specialty_name", "application"."recommending_org_id", "organisation"."name" as "recommending_org_name" from "application" inner join "app_user" on "app_user"."id" = "application"."applicant_id" inner join "specialty" on "specialty"."id" = "application"."specialty_id" inner join "organisation" on "organisation"."id" = "application"."recommending_org_id" where ("application"."recommending_org_id" in ($1) and "application"."status" in ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) and "application"."status" = $15) order by "application"."updated_at" desc, "application"."id" desc limit $16"`);
    expect(countFrom!.select((eb) => eb.fn.countAll().as('n')).compile().sql).toMatchInlineSnapshot(`"select count(*) as "n" from "application" where ("application"."recommending_org_id" in ($1) and "application"."status" in ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) and "application"."status" = $15)"`);
    // a search needs the applicant's row, so the count keeps the joins
    expect(fileListQuery(sys.db, 'unit', [7], { q: '王' }).countFrom).toBeUndefined();
  });
});
