// Issue 11 "Work in bulk" for the fee lists (R3): the unit's and the committee's fee lists page on
// the server with a total, filter by fee state and unit, and search by name, ID number or file code;
// the unit leader can choose every owing file matching a search for one batch without paging; the
// committee's per-unit counts cover every page. The batch lists of finance and of the unit page on
// the server too, filter by year, unit and confirmation, and a unit sees only its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { feeBatchListQuery, feeUnitCountsQuery } from '../../../src/services/fee.service';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { insertBulkFiles } from '../../support/bulk-files';
import { makeJpeg } from '../../support/declaration-fixture';

let sys: TestSystem;
let unit: Client, unitlead: Client, committee: Client, finance: Client, bureau: Client;
/** 45 fee files at the demo unit: 30 accepted (owing), 15 passed (no fee asked any more) */
let hosp: number[];
/** 6 accepted files at another unit */
let tcm: number[];
/** files the fee lists never show (not yet accepted) */
let early: number[];
let paid: number[];

type FeeItem = { applicationId: number; applicantName: string; fileCode: string | null; recommendingOrgId: number; owesFee: boolean; batchId: number | null; confirmed: boolean };
type FeePage = { items: FeeItem[]; total: number; page: number; pageSize: number };

async function get<T = FeePage>(c: Client, url: string): Promise<T> {
  const r = await c.get(url);
  expect(r.statusCode, r.rawPayload.toString()).toBe(200);
  return r.json() as T;
}

async function recordBatch(ids: number[]) {
  const fields = { year: '2026', applicationIds: ids.join(','), amount: String(100 * ids.length), payer: '张伟', paidAt: '2026-03-01T02:00:00Z' };
  const r = await unitlead.upload('/api/unit/fee-batches', fields, { name: '缴费凭证.jpg', bytes: await makeJpeg() });
  expect(r.statusCode, r.rawPayload.toString()).toBe(201);
  return r.json().id as number;
}

beforeAll(async () => {
  sys = await createTestSystem();
  [unit, unitlead, committee, finance, bureau] = await Promise.all(['unit', 'unitlead', 'committee', 'finance', 'bureau'].map((u) => loginAs(sys.app, u)));
  hosp = await insertBulkFiles(sys.db, 45, { unit: 'hosp', from: 5001, statuses: ['accepted', 'accepted', 'passed'] });
  tcm = await insertBulkFiles(sys.db, 6, { unit: 'tcm', from: 6001, statuses: ['accepted'] });
  early = await insertBulkFiles(sys.db, 4, { unit: 'hosp', from: 7001, statuses: ['submitted', 'competent_recommended'] });
  // two of the owing files paid in one batch, which finance confirms; one more paid, not yet confirmed
  const owing = await get(unit, '/api/unit/fees?year=2026&fee=owing&pageSize=100');
  paid = owing.items.slice(0, 3).map((f) => f.applicationId);
  const batch = await recordBatch(paid.slice(0, 2));
  expect((await finance.post(`/api/bureau/fee-batches/${batch}/confirm`)).statusCode).toBe(200);
  await recordBatch(paid.slice(2));
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('the unit’s fee list', () => {
  it('answers a page of 20 with the total of its 45 fee files and how many owe the fee in all', async () => {
    const p = await get<FeePage & { owing: number; batches?: unknown[] }>(unit, '/api/unit/fees?year=2026');
    expect(p).toMatchObject({ total: 45, page: 1, pageSize: 20, owing: 27 });
    expect(p.items).toHaveLength(20);
    expect(p.batches).toBeUndefined(); // the batches page apart: /api/unit/fee-batches
    expect((await get(unit, '/api/unit/fee-batches?year=2026')).total).toBe(2);
  });

  it('walks the pages once each: every fee file, no other unit’s and none not yet accepted', async () => {
    const seen: number[] = [];
    for (let n = 1; n <= 3; n++) seen.push(...(await get(unit, `/api/unit/fees?year=2026&page=${n}`)).items.map((f) => f.applicationId));
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort((a, b) => a - b)).toEqual([...hosp].sort((a, b) => a - b));
    expect(seen.some((id) => tcm.includes(id) || early.includes(id))).toBe(false);
  });

  it('filters by fee state: owing, recorded (waiting for finance) and confirmed', async () => {
    expect((await get(unit, '/api/unit/fees?year=2026&fee=owing')).total).toBe(27);
    const recorded = await get(unit, '/api/unit/fees?year=2026&fee=recorded');
    expect(recorded.items.map((f) => f.applicationId)).toEqual([paid[2]]);
    expect(recorded.items[0]).toMatchObject({ owesFee: false, confirmed: false });
    const confirmed = await get(unit, '/api/unit/fees?year=2026&fee=confirmed');
    expect(confirmed.items.map((f) => f.applicationId).sort()).toEqual(paid.slice(0, 2).sort());
  });

  it('searches by part of the name, the start of the ID number and the start of the file code', async () => {
    const all = (await get(unit, '/api/unit/fees?year=2026&pageSize=100')).items;
    const one = all[7]!;
    const byName = await get(unit, `/api/unit/fees?year=2026&q=${encodeURIComponent(one.applicantName.slice(1))}`);
    expect(byName.items.map((f) => f.applicationId)).toEqual([one.applicationId]);
    const idNumber = (await sys.db.selectFrom('application').innerJoin('appUser', 'appUser.id', 'application.applicantId').select('appUser.idNumber').where('application.id', '=', one.applicationId).executeTakeFirstOrThrow()).idNumber!;
    expect((await get(unit, `/api/unit/fees?year=2026&q=${idNumber}`)).items.map((f) => f.applicationId)).toEqual([one.applicationId]);
    expect((await get(unit, `/api/unit/fees?year=2026&q=${one.fileCode}`)).items.map((f) => f.applicationId)).toEqual([one.applicationId]);
    // 「批量502」 is in the names of 5020–5029: ten files
    const part = await get(unit, `/api/unit/fees?year=2026&q=${encodeURIComponent('批量502')}`);
    expect(part.total).toBe(all.filter((f) => f.applicantName.includes('批量502')).length);
    expect(part.total).toBe(10);
  });

  it('sorts by name either way, and a page past the end is empty with the real total', async () => {
    const asc = (await get(unit, '/api/unit/fees?year=2026&sort=applicantName&order=asc&pageSize=100')).items.map((f) => f.applicantName);
    expect(asc).toEqual([...asc].sort());
    const desc = (await get(unit, '/api/unit/fees?year=2026&sort=applicantName&order=desc&pageSize=100')).items.map((f) => f.applicantName);
    expect(desc).toEqual([...asc].reverse());
    expect(await get(unit, '/api/unit/fees?year=2026&page=9')).toMatchObject({ items: [], total: 45, page: 9 });
  });

  it.each([['pageSize=101'], ['page=0'], ['sort=idNumber'], ['fee=unknown']])('refuses %s with a 400', async (qs) => {
    const r = await unit.get(`/api/unit/fees?year=2026&${qs}`);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });

  it('cannot widen its list to another unit with unitId', async () => {
    const tcmId = (await sys.db.selectFrom('organisation').select('id').where('code', '=', 'tcm').executeTakeFirstOrThrow()).id;
    expect(await get(unit, `/api/unit/fees?year=2026&unitId=${tcmId}`)).toMatchObject({ items: [], total: 0 });
  });

  it('lists every owing file matching the search across pages, and one batch pays them all', async () => {
    const all = await get<{ ids: number[] }>(unit, '/api/unit/fees/owing-ids?year=2026');
    expect(all.ids).toHaveLength(27); // more than a page of 20
    expect(all.ids.some((id) => paid.includes(id) || tcm.includes(id) || early.includes(id))).toBe(false);
    const some = await get<{ ids: number[] }>(unit, `/api/unit/fees/owing-ids?year=2026&q=${encodeURIComponent('批量502')}`);
    const owingNamed = (await get(unit, `/api/unit/fees?year=2026&fee=owing&pageSize=100&q=${encodeURIComponent('批量502')}`)).items.map((f) => f.applicationId);
    expect(some.ids.sort()).toEqual(owingNamed.sort());
    await recordBatch(all.ids);
    expect((await get<{ ids: number[] }>(unit, '/api/unit/fees/owing-ids?year=2026')).ids).toEqual([]);
    expect(await get(unit, '/api/unit/fees?year=2026&pageSize=1')).toMatchObject({ owing: 0, total: 45 });
  });
});

describe('the committee’s fee list', () => {
  type CommitteePage = FeePage & { units: Array<{ recommendingOrgId: number; recommendingOrgName: string; fileCount: number; unpaid: number }> };

  it('counts every unit’s files and unpaid ones in SQL, over all pages', async () => {
    const p = await get<CommitteePage>(committee, '/api/committee/fees?year=2026');
    expect(p).toMatchObject({ total: 51, page: 1, pageSize: 20 });
    expect(p.items).toHaveLength(20);
    const byName = Object.fromEntries(p.units.map((u) => [u.recommendingOrgName, { fileCount: u.fileCount, unpaid: u.unpaid }]));
    expect(Object.values(byName).sort((a, b) => a.fileCount - b.fileCount)).toEqual([
      { fileCount: 6, unpaid: 6 },
      { fileCount: 45, unpaid: 0 },
    ]);
  });

  it('narrows to one unit and to the unpaid, and searches', async () => {
    const p = await get<CommitteePage>(committee, '/api/committee/fees?year=2026');
    const tcmUnit = p.units.find((u) => u.fileCount === 6)!;
    const one = await get(committee, `/api/committee/fees?year=2026&unitId=${tcmUnit.recommendingOrgId}`);
    expect(one.items.map((f) => f.applicationId).sort()).toEqual([...tcm].sort());
    expect((await get(committee, '/api/committee/fees?year=2026&fee=owing')).total).toBe(6);
    const named = await get(committee, `/api/committee/fees?year=2026&q=${encodeURIComponent('批量6003')}`);
    expect(named.items.map((f) => f.recommendingOrgId)).toEqual([tcmUnit.recommendingOrgId]);
  });

  it('pages in the order of the unit’s name, then the file', async () => {
    const seen: FeeItem[] = [];
    for (let n = 1; n <= 3; n++) seen.push(...(await get(committee, `/api/committee/fees?year=2026&page=${n}`)).items);
    expect(new Set(seen.map((f) => f.applicationId)).size).toBe(51);
    const units = seen.map((f) => (f as FeeItem & { recommendingOrgName: string }).recommendingOrgName);
    expect(units).toEqual([...units].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('reads the per-unit counts in one grouped query', () => {
    const { sql } = feeUnitCountsQuery(sys.db, { by: 'committeeOrgId', orgIds: [1] }, 2026).compile();
    expect(sql).toMatchInlineSnapshot(`"select "application"."recommending_org_id", "organisation"."name" as "recommending_org_name", count(*) as "file_count", count(*) filter(where ("application"."status" in ($1) and "fee_item"."batch_id" is null)) as "unpaid" from "application" inner join "organisation" on "organisation"."id" = "application"."recommending_org_id" left join "fee_item" on "fee_item"."application_id" = "application"."id" where "application"."year" = $2 and "application"."committee_org_id" in ($3) and "application"."status" in ($4, $5, $6, $7, $8) group by "application"."recommending_org_id", "organisation"."name" order by "organisation"."name", "application"."recommending_org_id""`);
  });
});

describe('the batch lists', () => {
  type Batch = { id: number; recommendingOrgId: number; amount: string; confirmed: boolean; recordedAt: string; applicationIds: number[] };
  type BatchPage = { items: Batch[]; total: number; page: number; pageSize: number };
  let tcmId: number;
  let hospId: number;
  let tcmBatch: number;
  let oldBatch: number;

  beforeAll(async () => {
    const orgs = Object.fromEntries((await sys.db.selectFrom('organisation').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
    [tcmId, hospId] = [orgs.tcm, orgs.hosp];
    // another unit's batch and a batch of an earlier year, written as a factory would (same receipt)
    const any = await sys.db.selectFrom('feeBatch').select(['receiptSha256', 'recordedBy']).executeTakeFirstOrThrow();
    const insert = (recommendingOrgId: number, year: number, amount: number, recordedAt: string) =>
      sys.db
        .insertInto('feeBatch')
        .values({ recommendingOrgId, year, amount, payer: '某人', paidAt: recordedAt, receiptSha256: any.receiptSha256, recordedBy: any.recordedBy, recordedAt })
        .returning('id')
        .executeTakeFirstOrThrow();
    tcmBatch = (await insert(tcmId, 2026, 50, '2026-03-05T02:00:00Z')).id;
    await sys.db.insertInto('feeItem').values({ batchId: tcmBatch, applicationId: tcm[0] }).execute();
    oldBatch = (await insert(hospId, 2023, 80, '2023-03-05T02:00:00Z')).id;
  });

  it('pages every unit\'s batches of the year for finance, newest recorded first, with the total', async () => {
    const first = await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&pageSize=2');
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    const second = await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&pageSize=2&page=2');
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((b) => b.id)).size).toBe(4);
    const times = all.map((b) => b.recordedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.find((b) => b.id === tcmBatch)).toMatchObject({ recommendingOrgId: tcmId, amount: '50.00', applicationIds: [tcm[0]] });
    expect(await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&page=3&pageSize=2')).toMatchObject({ items: [], total: 4 });
  });

  it('filters by confirmation, unit and year, and sorts by amount', async () => {
    expect((await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&status=confirmed')).items.map((b) => b.confirmed)).toEqual([true]);
    expect((await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&status=pending')).total).toBe(3);
    expect((await get<BatchPage>(finance, `/api/bureau/fee-batches?year=2026&unitId=${tcmId}`)).items.map((b) => b.id)).toEqual([tcmBatch]);
    expect((await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2023')).items.map((b) => b.id)).toEqual([oldBatch]);
    expect((await get<BatchPage>(finance, '/api/bureau/fee-batches')).total).toBe(5); // every year
    const amounts = (await get<BatchPage>(finance, '/api/bureau/fee-batches?year=2026&sort=amount&order=asc')).items.map((b) => Number(b.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect((await get<BatchPage>(bureau, '/api/bureau/fee-batches?year=2026')).total).toBe(4);
  });

  it('shows a unit only its own batches, whatever unitId it asks for', async () => {
    const own = await get<BatchPage>(unit, '/api/unit/fee-batches?year=2026');
    expect(own.total).toBe(3);
    expect(own.items.every((b) => b.recommendingOrgId === hospId)).toBe(true);
    expect(await get<BatchPage>(unit, `/api/unit/fee-batches?year=2026&unitId=${tcmId}`)).toMatchObject({ items: [], total: 0 });
    expect((await get<BatchPage>(unitlead, '/api/unit/fee-batches?status=confirmed')).total).toBe(1);
    expect((await get<BatchPage>(unitlead, '/api/unit/fee-batches?year=2023')).items.map((b) => b.id)).toEqual([oldBatch]);
  });

  it('refuses the batch lists to the wrong roles and bad paging with a 400', async () => {
    expect((await unit.get('/api/bureau/fee-batches?year=2026')).statusCode).toBe(403);
    expect((await committee.get('/api/bureau/fee-batches?year=2026')).statusCode).toBe(403);
    expect((await committee.get('/api/unit/fee-batches?year=2026')).statusCode).toBe(403);
    expect((await finance.get('/api/unit/fee-batches?year=2026')).statusCode).toBe(403);
    for (const qs of ['pageSize=101', 'page=0', 'status=paid', 'sort=payer', 'year=1999']) {
      const r = await finance.get(`/api/bureau/fee-batches?${qs}`);
      expect(r.statusCode, qs).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('counts the batches alone and reads a page in index order', () => {
    const { qb, order, countFrom } = feeBatchListQuery(sys.db, [7], { year: 2026, status: 'pending' });
    expect(order(qb).limit(20).compile().sql).toMatchInlineSnapshot(`"select "fee_batch"."id", "fee_batch"."recommending_org_id", "organisation"."name" as "recommending_org_name", "fee_batch"."amount", "fee_batch"."payer", "fee_batch"."paid_at", "fee_batch"."recorded_at", "fee_batch"."confirmed_at" from "fee_batch" inner join "organisation" on "organisation"."id" = "fee_batch"."recommending_org_id" where ("fee_batch"."recommending_org_id" in ($1) and "fee_batch"."year" = $2 and "fee_batch"."confirmed_at" is null) order by "fee_batch"."recorded_at" desc, "fee_batch"."id" desc limit $3"`);
    expect(countFrom.select((eb) => eb.fn.countAll().as('n')).compile().sql).toMatchInlineSnapshot(`"select count(*) as "n" from "fee_batch" where ("fee_batch"."recommending_org_id" in ($1) and "fee_batch"."year" = $2 and "fee_batch"."confirmed_at" is null)"`);
  });
});
