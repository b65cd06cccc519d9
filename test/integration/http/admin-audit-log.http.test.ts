// The audit log viewer (issue 10): only the bureau administrator; filters by person, file code,
// action and Shanghai day range; paged on the server; the Excel export holds the same selection.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { loginAs, type Client } from '../../support/http-client';
import { userId } from '../../support/expert-fixtures';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { fileIn } from '../../support/year-fixtures';

let sys: TestSystem;
let admin: Client;
let coded: Awaited<ReturnType<typeof fileIn>>;

beforeAll(async () => {
  sys = await createTestSystem();
  admin = await loginAs(sys.app, 'bureau');
  coded = await fileIn(sys.db, 'accepted', { fileCode: '2026-WS-0042', now: new Date('2026-03-01T16:30:00Z'), seqBase: 500 }); // 3月2日 00:30 in Shanghai
  const other = await fileIn(sys.db, 'accepted', { now: new Date('2026-03-01T15:59:00Z'), seqBase: 500 }); // 3月1日 23:59 in Shanghai
  const committee = await userId(sys.db, 'committee');
  await sys.db
    .insertInto('auditLog')
    .values([
      { actorId: committee, trueActorId: committee, applicationId: coded.id, action: 'committee_accept', fromStatus: 'competent_recommended', toStatus: 'accepted', at: new Date('2026-03-03T01:00:00Z') },
      { actorId: committee, trueActorId: committee, applicationId: other.id, action: 'committee_accept', fromStatus: 'competent_recommended', toStatus: 'accepted', at: new Date('2026-03-03T02:00:00Z') },
    ])
    .execute();
  expect((await admin.put('/api/admin/years/2026/policy', { settings: { integrity_ban_years: 4 } })).statusCode).toBe(200);
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const q = (params: Record<string, string | number>) => `/api/admin/audit-log?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;

describe('the audit log viewer', () => {
  it('is the bureau administrator’s only', async () => {
    for (const who of ['finance', 'committee']) {
      const c = await loginAs(sys.app, who);
      expect((await c.get('/api/admin/audit-log')).statusCode, who).toBe(403);
      expect((await c.get('/api/admin/audit-log.xlsx')).statusCode, who).toBe(403);
    }
  });

  it('filters by person: account name or part of the display name', async () => {
    for (const person of ['bureau', '周']) {
      const res = await admin.get(q({ person, action: 'policy_changed' }));
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(1);
      expect(res.json().items[0]).toMatchObject({ actorName: '周斌', actorUsername: 'bureau', action: 'policy_changed', actionLabel: '修改评审政策' });
    }
    expect((await admin.get(q({ person: 'committee', action: 'policy_changed' }))).json().total).toBe(0);
    // a % typed by the user is a character, not a wildcard
    expect((await admin.get(q({ person: '%' }))).json().total).toBe(0);
  });

  it('filters by file code', async () => {
    const res = await admin.get(q({ fileCode: '2026-ws-0042' }));
    expect(res.json().items.map((i: { action: string; fileCode: string }) => [i.action, i.fileCode])).toEqual([
      ['committee_accept', '2026-WS-0042'],
      ['fixture', '2026-WS-0042'],
    ]);
    expect(res.json().items[0]).toMatchObject({ fromStatus: '主管单位已推荐，待评审委员会审核', toStatus: '评审委员会已接收材料', actionLabel: '评审委员会接收材料' });
  });

  it('filters by Shanghai day range, both ends included', async () => {
    const day2 = (await admin.get(q({ action: 'fixture', from: '2026-03-02', to: '2026-03-02' }))).json();
    expect(day2.items.map((i: { applicationId: number }) => i.applicationId)).toEqual([coded.id]);
    const day1 = (await admin.get(q({ action: 'fixture', from: '2026-03-01', to: '2026-03-01' }))).json();
    expect(day1.items.map((i: { applicationId: number }) => i.applicationId)).not.toContain(coded.id);
    expect(day1.total).toBeGreaterThanOrEqual(1);
    const res = await admin.get(q({ from: '2026-03-05', to: '2026-03-01' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'to', message: '结束日期不能早于开始日期' }]);
  });

  it('pages on the server, newest first, and lists the actions for the filter', async () => {
    const all = (await admin.get(q({ pageSize: 200 }))).json();
    expect(all.total).toBeGreaterThan(4);
    const p1 = (await admin.get(q({ page: 1, pageSize: 2 }))).json();
    const p2 = (await admin.get(q({ page: 2, pageSize: 2 }))).json();
    expect(p1.items).toHaveLength(2);
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).toEqual(all.items.slice(0, 4).map((i: { id: string }) => i.id));
    expect(p1.total).toBe(all.total);
    const times = all.items.map((i: { at: string }) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(all.actions).toContainEqual({ action: 'policy_changed', label: '修改评审政策' });
    expect((await admin.get(q({ pageSize: 201 }))).statusCode).toBe(400);
  });

  it('exports the same selection to Excel', async () => {
    const res = await admin.get('/api/admin/audit-log.xlsx?fileCode=2026-WS-0042');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    const values = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 6));
    expect(values[0]).toEqual(['时间', '操作人', '账号', '操作', '材料编号']);
    expect(values.slice(1)).toEqual([
      ['2026-03-03 09:00:00', '赵敏', 'committee', '评审委员会接收材料', '2026-WS-0042'],
      ['2026-03-02 00:30:00', '系统', undefined, 'fixture', '2026-WS-0042'], // an empty cell reads back as undefined
    ]);
  });

  it('exports more rows than one read page in order', async () => {
    const at = new Date('2026-02-01T00:00:00Z');
    await sys.db
      .insertInto('auditLog')
      .values(Array.from({ length: 1203 }, (_, i) => ({ actorId: null, trueActorId: null, action: 'bulk_test', at: new Date(at.getTime() + (i % 600) * 1000) })))
      .execute();
    const res = await admin.get('/api/admin/audit-log.xlsx?action=bulk_test');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.actualRowCount).toBe(1204);
    const times = ws.getColumn(1).values.slice(2) as string[];
    expect([...times].sort().reverse()).toEqual(times);
  });
});
