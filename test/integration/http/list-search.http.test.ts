// Issue 13 item 5: the search box of the file lists answers from indexes (name pairs, ID-number
// prefix, file-code prefix) and still finds exactly what the plain ILIKE / LIKE found: a 2-character
// name, the middle of a long Uyghur name, any case, and % _ \ only as themselves.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { fileListQuery } from '../../../src/services/review-list.service';
import { insertBulkFiles } from '../../support/bulk-files';
import { loginAs, type Client } from '../../support/http-client';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let unit: Client;
let hospId: number;

/** Bulk files 1–2000 are 王批量1 … 周批量2000; these sequence numbers get the names below. */
const NAMES: Record<number, string> = {
  7: '李娜',
  8: '李娜娜',
  9: '叶尔兰·努尔哈力·吐尔逊',
  10: '测试_甲',
  11: '测试乙甲',
  12: '百分%之',
  13: '百分比之',
  14: 'Aliya Nur',
  15: '反斜\\杠',
};

beforeAll(async () => {
  sys = await createTestSystem();
  unit = await loginAs(sys.app, 'unit');
  // Enough files that the planner prefers an index to reading the table.
  await insertBulkFiles(sys.db, 2000, { unit: 'hosp', statuses: ['submitted', 'in_publicity'] });
  for (const [seq, name] of Object.entries(NAMES)) {
    await sys.db.updateTable('appUser').set({ displayName: name }).where('username', '=', `bulk-${seq}`).execute();
  }
  await sql`analyze`.execute(sys.db);
  hospId = (await sys.db.selectFrom('organisation').select('id').where('code', '=', 'hosp').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function names(q: string) {
  const r = await unit.get(`/api/unit/applications?pageSize=100&sort=applicantName&q=${encodeURIComponent(q)}`);
  expect(r.statusCode, r.rawPayload.toString()).toBe(200);
  const body = r.json() as { items: Array<{ applicantName: string; fileCode: string }>; total: number };
  expect(body.total).toBe(body.items.length);
  return body.items.map((i) => i.applicantName).sort();
}

describe('what the search finds', () => {
  it('finds a 2-character name and every name that holds it', async () => {
    expect(await names('李娜')).toEqual(['李娜', '李娜娜']);
    expect(await names('娜娜')).toEqual(['李娜娜']);
  });

  it('finds one character anywhere in the name', async () => {
    expect(await names('娜')).toEqual(['李娜', '李娜娜']);
  });

  it('finds the middle of a long name, across its middle dots', async () => {
    expect(await names('努尔哈力')).toEqual(['叶尔兰·努尔哈力·吐尔逊']);
    expect(await names('兰·努')).toEqual(['叶尔兰·努尔哈力·吐尔逊']);
    expect(await names('·')).toEqual(['叶尔兰·努尔哈力·吐尔逊']);
    expect(await names('叶尔兰·努尔哈力·吐尔逊')).toEqual(['叶尔兰·努尔哈力·吐尔逊']);
  });

  it('ignores case in names and file codes, as ILIKE did', async () => {
    expect(await names('aLIY')).toEqual(['Aliya Nur']);
    expect(await names('a n')).toEqual(['Aliya Nur']);
    expect(await names('2026-ws-0042')).toEqual(['张批量42']);
  });

  it('finds a file by the start of its code, and only by the start', async () => {
    expect(await names('2026-WS-004')).toHaveLength(10); // 0040–0049
    expect(await names('WS-0042')).toEqual([]);
  });

  it('finds a person by the start of the ID number, and only by the start', async () => {
    expect((await names('654002198000000042')).length).toBe(1);
    expect(await names('65400219800000004')).toHaveLength(10);
    expect(await names('2198000000042')).toEqual([]);
  });

  it('treats % _ and \\ in the search as plain characters', async () => {
    expect(await names('试_')).toEqual(['测试_甲']);
    expect(await names('%之')).toEqual(['百分%之']);
    expect(await names('%')).toEqual(['百分%之']);
    expect(await names('_')).toEqual(['测试_甲']);
    expect(await names('\\')).toEqual(['反斜\\杠']);
    expect(await names('斜\\杠')).toEqual(['反斜\\杠']);
  });

  it('finds nothing for a name nobody has', async () => {
    expect(await names('欧阳')).toEqual([]);
  });

  it('keeps a renamed person findable by the new name only', async () => {
    await sys.db.updateTable('appUser').set({ displayName: '古丽米拉' }).where('username', '=', 'bulk-20').execute();
    expect(await names('米拉')).toEqual(['古丽米拉']);
    expect(await names('王批量20')).toEqual(['王批量200', '王批量2000']);
  });
});

describe('the SQL the search runs', () => {
  it('reads the name pairs, the ID-number prefix and the file-code prefix from their indexes', async () => {
    const { qb } = fileListQuery(sys.db, 'unit', [hospId], { q: '李娜' });
    const c = qb.clearSelect().select(sql<string>`count(*)`.as('total')).compile();
    expect(c.sql).toMatchInlineSnapshot(`"select count(*) as "total" from "application" inner join "app_user" on "app_user"."id" = "application"."applicant_id" inner join "specialty" on "specialty"."id" = "application"."specialty_id" inner join "organisation" on "organisation"."id" = "application"."recommending_org_id" where ("application"."recommending_org_id" in ($1) and "application"."status" in ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)) and "application"."id" in (select "by_name"."id" from "application" as "by_name" inner join "app_user" as "name_owner" on "name_owner"."id" = "by_name"."applicant_id" where "name_owner"."name_grams" @> search_grams(lower($15)) and "name_owner"."display_name" ilike $16 union all select "by_id_number"."id" from "application" as "by_id_number" inner join "app_user" as "id_owner" on "id_owner"."id" = "by_id_number"."applicant_id" where "id_owner"."id_number" like $17 union all select "by_code"."id" from "application" as "by_code" where lower("by_code"."file_code") like lower($18))"`);
    const plan = JSON.stringify((await sys.db.executeQuery({ ...c, sql: `explain (format json) ${c.sql}` } as typeof c)).rows);
    expect(plan).toContain('"Index Name":"app_user_name_grams"');
    expect(plan).toContain('"Index Name":"app_user_id_number_prefix"');
    expect(plan).toContain('"Index Name":"application_file_code_lower"');
    // neither the people nor the files are read whole to answer the search
    const seqScans = [...plan.matchAll(/"Node Type":"Seq Scan"[^}]*?"Relation Name":"(\w+)"/g)].map((m) => m[1]);
    expect(seqScans).not.toContain('app_user');
    expect(seqScans).not.toContain('application');
  });
});
