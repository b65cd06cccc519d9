// Seed data in two parts (issue 9, item 2): reference data every installation needs (the bureau, the
// committees, series and specialties, review-year policies) and the demo world (the other
// organisations and one account per role with a published password), seeded only when asked.
import type { Kysely } from 'kysely';
import type { DB, Role } from './schema';
import { defaultPolicyFor, serializePolicy } from '../domain/policy';
import { hashPassword, verifyPassword } from '../auth/password';

export const DEMO_PASSWORD = 'Zhiping@2026';

/** GB 11643 check character for 17 digits. */
function idCheck(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return '10X98765432'[sum % 11];
}
export const DEMO_APPLICANT_ID = '65400219850312202' + idCheck('65400219850312202');

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  org: string | null;
  label: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: DEMO_APPLICANT_ID, displayName: '阿依古丽·买买提', role: 'applicant', org: null, label: '申报人（用身份证号登录）' },
  { username: 'unit', displayName: '李红', role: 'unit_reviewer', org: 'hosp', label: '推荐单位审核员（州人民医院）' },
  { username: 'unitlead', displayName: '张伟', role: 'unit_leader', org: 'hosp', label: '推荐单位负责人（州人民医院）' },
  { username: 'agency', displayName: '马丽', role: 'unit_reviewer', org: 'agency', label: '人事代理机构审核员' },
  { username: 'competent', displayName: '王强', role: 'competent_reviewer', org: 'health', label: '主管单位审核员（州卫健委）' },
  { username: 'committee', displayName: '赵敏', role: 'committee_officer', org: 'cmt-health', label: '评审委员会办事机构（卫生系列）' },
  { username: 'finance', displayName: '孙静', role: 'finance', org: 'bureau', label: '州人社局财务室' },
  { username: 'bureau', displayName: '周斌', role: 'bureau_admin', org: 'bureau', label: '州人社局管理员' },
  { username: 'expert1', displayName: '专家甲', role: 'expert', org: 'cmt-health', label: '评审专家' },
  { username: 'expert2', displayName: '专家乙', role: 'expert', org: 'cmt-health', label: '评审专家' },
  { username: 'expert3', displayName: '专家丙', role: 'expert', org: 'cmt-health', label: '评审专家' },
];

const ORGS = [
  { code: 'bureau', name: '伊犁哈萨克自治州人力资源和社会保障局', kind: 'bureau', parent: null, aliases: ['州人社局'] },
  { code: 'health', name: '伊犁哈萨克自治州卫生健康委员会', kind: 'competent', parent: 'bureau', aliases: ['州卫健委'] },
  { code: 'housing', name: '伊犁哈萨克自治州住房和城乡建设局', kind: 'competent', parent: 'bureau', aliases: ['州住建局'] },
  { code: 'hosp', name: '伊犁哈萨克自治州人民医院', kind: 'recommending', parent: 'health', aliases: ['州人民医院', '州医院'] },
  { code: 'tcm', name: '伊犁哈萨克自治州中医医院', kind: 'recommending', parent: 'health', aliases: ['州中医院'] },
  { code: 'design', name: '伊犁哈萨克自治州建筑设计研究院', kind: 'recommending', parent: 'housing', aliases: ['州建筑设计院'] },
  { code: 'agency', name: '伊犁哈萨克自治州人才交流服务中心', kind: 'agency', parent: 'bureau', aliases: ['州人才中心'] },
  { code: 'cmt-health', name: '伊犁哈萨克自治州卫生系列中级职称评审委员会', kind: 'committee', parent: 'bureau', aliases: [] },
  { code: 'cmt-eng', name: '伊犁哈萨克自治州工程系列中级职称评审委员会', kind: 'committee', parent: 'bureau', aliases: [] },
] as const;

const SPECIALTIES = [
  { series: '卫生系列', seriesCode: 'WS', name: '临床医学', committee: 'cmt-health' },
  { series: '卫生系列', seriesCode: 'WS', name: '护理', committee: 'cmt-health' },
  { series: '卫生系列', seriesCode: 'WS', name: '药学', committee: 'cmt-health' },
  { series: '工程系列', seriesCode: 'GC', name: '土木工程', committee: 'cmt-eng' },
  { series: '工程系列', seriesCode: 'GC', name: '给水排水', committee: 'cmt-eng' },
] as const;

async function orgIds(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('organisation').select(['id', 'code']).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

async function insertOrgs(trx: Kysely<DB>, orgs: ReadonlyArray<(typeof ORGS)[number]>, ids: Record<string, number>) {
  for (const o of orgs) {
    const row = await trx
      .insertInto('organisation')
      .values({ code: o.code, name: o.name, kind: o.kind, parentId: o.parent ? ids[o.parent] : null, aliases: [...o.aliases] })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[o.code] = row.id;
  }
}

/**
 * What every installation needs, demo or not: the bureau (home of the first administrator), the
 * committees with their series and specialties, and the review-year policies. No person, no
 * account. Runs only while the bureau is missing, so restarts never duplicate it. The other
 * organisations (competent and recommending units, the agency) belong to the demo world; a real
 * installation adds its own (issue 10).
 */
export async function seedReferenceData(db: Kysely<DB>, opts: { years: number[]; openYears?: number[] }): Promise<boolean> {
  const bureau = await db.selectFrom('organisation').select('id').where('code', '=', 'bureau').executeTakeFirst();
  if (bureau) return false;
  await db.transaction().execute(async (trx) => {
    const ids: Record<string, number> = {};
    await insertOrgs(trx, ORGS.filter((o) => REFERENCE_ORG_KINDS.has(o.kind)), ids);
    for (const s of SPECIALTIES) {
      await trx
        .insertInto('specialty')
        .values({ series: s.series, seriesCode: s.seriesCode, name: s.name, committeeId: ids[s.committee] })
        .execute();
    }
    for (const year of opts.years) {
      await trx
        .insertInto('policyYear')
        .values({ year, settings: JSON.stringify(serializePolicy(defaultPolicyFor(year))), isOpen: (opts.openYears ?? opts.years).includes(year) })
        .execute();
    }
  });
  return true;
}

const REFERENCE_ORG_KINDS: ReadonlySet<string> = new Set(['bureau', 'committee']);

/**
 * The demo world on top of the reference data: the other organisations and one account per role,
 * all with DEMO_PASSWORD (published in the README). Only in demo mode (ZHIPING_DEMO=1, embedded
 * database) and in tests, and only into a database without any account.
 */
export async function seedDemoData(db: Kysely<DB>, opts: { years: number[]; openYears?: number[] }): Promise<boolean> {
  await seedReferenceData(db, opts);
  const anyUser = await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst();
  if (anyUser) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const ids = await orgIds(trx);
    await insertOrgs(trx, ORGS.filter((o) => !(o.code in ids)), ids);
    for (const a of DEMO_ACCOUNTS) {
      const user = await trx
        .insertInto('appUser')
        .values({
          username: a.username,
          displayName: a.displayName,
          idNumber: a.role === 'applicant' ? a.username : null,
          mobile: a.role === 'applicant' ? '13999123456' : null,
          passwordHash,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('membership')
        .values({ userId: user.id, organisationId: a.org ? ids[a.org] : null, role: a.role, specialties: a.role === 'expert' ? ['临床医学', '护理'] : [] })
        .execute();
    }
  });
  return true;
}

/** Demo accounts that still open with the published DEMO_PASSWORD (a database seeded by older versions). */
export async function demoAccountsWithPublishedPassword(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('appUser')
    .select(['username', 'passwordHash'])
    .where('username', 'in', DEMO_ACCOUNTS.map((a) => a.username))
    .execute();
  const open: string[] = [];
  for (const r of rows) if (await verifyPassword(r.passwordHash, DEMO_PASSWORD)) open.push(r.username);
  return open;
}
