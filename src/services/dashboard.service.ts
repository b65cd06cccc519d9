// The bureau's dashboard: counts per status, series, recommending unit and year, and Excel exports
// of the applicant list and the result list (exceljs). Drafts are the applicants' own business and
// are left out of every count.
import type { Readable } from 'node:stream';
import { streamSheet } from './xlsx-stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { type Actor, isPrefectureAdmin } from '../domain/access';
import { Refused } from '../domain/errors';
import { STATUSES, statusLabel } from '../domain/state-machine';
import { LEVEL_LABELS } from '../domain/level';
import { officeCommitteeIds } from './meeting-access';
import type { ServiceContext } from './service-context';
import { applicationFacts } from '../db/application.repository';

export interface DashboardFilter {
  year?: number;
}

function requireBureau(actor: Actor): void {
  if (!isPrefectureAdmin(actor)) throw new Refused('FORBIDDEN', '当前账号没有查看统计的权限');
}

function baseQuery(db: Kysely<DB>, f: DashboardFilter) {
  return db
    .selectFrom('application')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId')
    .where('application.status', '<>', 'draft')
    .$if(f.year !== undefined, (qb) => qb.where('application.year', '=', f.year!));
}

export async function dashboardStats(ctx: ServiceContext, actor: Actor, f: DashboardFilter = {}) {
  requireBureau(actor);
  const byStatus = await baseQuery(ctx.db, f).select(['application.status as key', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('application.status').execute();
  const bySeries = await baseQuery(ctx.db, f).select(['specialty.series as key', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('specialty.series').orderBy('specialty.series').execute();
  const byUnit = await baseQuery(ctx.db, f)
    .select(['organisation.id', 'organisation.name as key', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['organisation.id', 'organisation.name'])
    .orderBy('organisation.name')
    .execute();
  // every year whatever the filter: the year chart compares years
  const byYear = await baseQuery(ctx.db, {}).select(['application.year as key', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('application.year').orderBy('application.year').execute();
  const statusOrder = Object.keys(STATUSES);
  const total = byStatus.reduce((s, r) => s + Number(r.n), 0);
  return {
    year: f.year ?? null,
    total,
    byStatus: byStatus
      .map((r) => ({ key: r.key, label: statusLabel(r.key), count: Number(r.n) }))
      .sort((a, b) => statusOrder.indexOf(a.key) - statusOrder.indexOf(b.key)),
    bySeries: bySeries.map((r) => ({ key: r.key, label: r.key, count: Number(r.n) })),
    byUnit: byUnit.map((r) => ({ key: String(r.id), label: r.key, count: Number(r.n) })),
    byYear: byYear.map((r) => ({ key: String(r.key), label: `${r.key}年度`, count: Number(r.n) })),
  };
}

/** 申报人名单: every non-draft application of the year with its status. */
export async function exportApplicantsXlsx(ctx: ServiceContext, actor: Actor, f: DashboardFilter = {}): Promise<Readable> {
  requireBureau(actor);
  const rows = await baseQuery(ctx.db, f)
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .select([
      'application.id',
      'application.year',
      'application.level',
      'application.status',
      'application.fileCode',
      'application.submittedAt',
      'appUser.displayName',
      'appUser.idNumber',
      'organisation.name as unitName',
      'specialty.series',
      'specialty.name as specialtyName',
    ])
    .orderBy('application.year')
    .orderBy('organisation.name')
    .orderBy('application.id')
    .execute();
  return streamSheet(
    '申报人名单',
    [
      { header: '序号', key: 'seq', width: 6 },
      { header: '评审年度', key: 'year', width: 10 },
      { header: '姓名', key: 'name', width: 14 },
      { header: '身份证号', key: 'idNumber', width: 22, text: true },
      { header: '推荐单位', key: 'unit', width: 34 },
      { header: '系列', key: 'series', width: 12 },
      { header: '专业', key: 'specialty', width: 14 },
      { header: '级别', key: 'level', width: 8 },
      { header: '档案编号', key: 'fileCode', width: 14 },
      { header: '状态', key: 'status', width: 26 },
      { header: '提交时间', key: 'submittedAt', width: 20 },
    ],
    rows,
    (r, i) => ({
      seq: i + 1,
      year: r.year,
      name: r.displayName,
      idNumber: r.idNumber ?? '',
      unit: r.unitName,
      series: r.series,
      specialty: r.specialtyName,
      level: LEVEL_LABELS[r.level],
      fileCode: r.fileCode ?? '',
      status: statusLabel(r.status),
      submittedAt: r.submittedAt ? new Date(r.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '',
    }),
  );
}

/**
 * 评审结果名单: files of tallied meetings with totals and result. The bureau sees every committee;
 * a committee office only its own (used by the meeting routes).
 */
export async function exportResultsXlsx(ctx: ServiceContext, actor: Actor, f: DashboardFilter & { meetingId?: number } = {}): Promise<Readable> {
  const isBureau = isPrefectureAdmin(actor);
  const offices = officeCommitteeIds(actor);
  if (!isBureau && offices.length === 0) throw new Refused('FORBIDDEN', '当前账号没有导出结果的权限');
  const rows = await applicationFacts(ctx.db)
    .innerJoin('meetingApplication', 'meetingApplication.applicationId', 'application.id')
    .innerJoin('meeting', 'meeting.id', 'meetingApplication.meetingId')
    .leftJoin('certificate', 'certificate.applicationId', 'application.id')
    .select([
      'meeting.title as meetingTitle',
      'meeting.year',
      'application.fileCode',
      'application.level',
      'application.status',
      'appUser.displayName',
      'organisation.name as unitName',
      'specialty.series',
      'specialty.name as specialtyName',
      'meetingApplication.eligibleCount',
      'meetingApplication.approveCount',
      'meetingApplication.rejectCount',
      'meetingApplication.abstainCount',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
      'certificate.number as certificateNumber',
    ])
    .where('meeting.status', 'in', ['closed', 'published', 'final'])
    .$if(!isBureau, (qb) => qb.where('meeting.committeeOrgId', 'in', offices))
    .$if(f.year !== undefined, (qb) => qb.where('meeting.year', '=', f.year!))
    .$if(f.meetingId !== undefined, (qb) => qb.where('meeting.id', '=', f.meetingId!))
    .orderBy('meeting.id')
    .orderBy('application.fileCode')
    .execute();
  return streamSheet('评审结果', [
    { header: '序号', key: 'seq', width: 6 },
    { header: '评审会', key: 'meeting', width: 30 },
    { header: '档案编号', key: 'fileCode', width: 14 },
    { header: '姓名', key: 'name', width: 14 },
    { header: '推荐单位', key: 'unit', width: 34 },
    { header: '系列', key: 'series', width: 12 },
    { header: '专业', key: 'specialty', width: 14 },
    { header: '级别', key: 'level', width: 8 },
    { header: '出席有表决权专家', key: 'eligible', width: 10 },
    { header: '同意', key: 'approve', width: 8 },
    { header: '不同意', key: 'reject', width: 8 },
    { header: '弃权', key: 'abstain', width: 8 },
    { header: '评审结果', key: 'result', width: 10 },
    { header: '证书编号', key: 'certificate', width: 20 },
  ], rows, (r, i) => {
    const passed = !!r.isPassed && !r.isOverturned;
    return {
      seq: i + 1,
      meeting: r.meetingTitle,
      fileCode: r.fileCode ?? '',
      name: r.displayName,
      unit: r.unitName,
      series: r.series,
      specialty: r.specialtyName,
      level: LEVEL_LABELS[r.level],
      eligible: r.eligibleCount ?? 0,
      approve: r.approveCount ?? 0,
      reject: r.rejectCount ?? 0,
      abstain: r.abstainCount ?? 0,
      result: r.status === 'revoked' ? '已撤销' : passed ? '通过' : r.isOverturned ? '未通过（异议成立）' : '未通过',
      certificate: r.certificateNumber ?? '',
    };
  });
}
