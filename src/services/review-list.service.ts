// What each review stage lists and opens: files at the actor's organisation for the stage, and one file
// with originals (B5), publicity, objections, opinions and scans.
import type { Actor } from '../domain/access';
import { publicityCountdown, whyNotRecommend } from '../domain/review-rules';
import { type ReviewStage, SCAN_TITLES, STAGES } from '../domain/stage';
import { type Status, isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { shanghaiDate } from '../domain/working-days';
import { LEVEL_LABELS } from '../domain/level';
import { latestPublicities, latestPublicity } from '../db/publicity.repository';
import { requireAtStage, stageOrgIds } from './application-access';
import { getDeclaration } from './declaration-view.service';
import type { ServiceContext } from './service-context';
import { applicationFacts, matchesSearch } from '../db/application.repository';
import { stageScans } from './stamped-scans';
import { fetchPage, pageRequest } from '../db/paging';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/schema';

// ── Lists and the file view ──────────────────────────────────────────────────────────────────

/** Sort keys of a stage's list (the query schema lists the same keys); default: newest change first. */
const SORT_COLUMNS = {
  updatedAt: 'application.updatedAt',
  submittedAt: 'application.submittedAt',
  applicantName: 'appUser.displayName',
  fileCode: 'application.fileCode',
} as const;
export type FileSort = keyof typeof SORT_COLUMNS;

export interface FileFilters {
  status?: string;
  series?: string;
  specialtyId?: number;
  level?: string;
  /** recommending unit (推荐单位): the competent unit and the committee hold files of many */
  unitId?: number;
  /** applicant name (part of it), ID number (its start) or file code (its start) */
  q?: string;
  year?: number;
  page?: number;
  pageSize?: number;
  sort?: FileSort;
  order?: 'asc' | 'desc';
}


/**
 * The list's query, its order and (when the joins cannot change it) a cheaper count: built apart
 * from listFiles so a test can read the SQL (STYLE §4).
 */
export function fileListQuery(db: Kysely<DB>, stage: ReviewStage, orgIds: number[], f: FileFilters = {}) {
  const orgColumn = `application.${STAGES[stage].orgColumn}` as const;
  const statuses = STAGES[stage].statuses;
  const q = f.q?.trim() ?? '';
  /** Filters on the application row alone; the count uses only these when nothing else is asked. */
  const own = (eb: ExpressionBuilder<DB, 'application'>) =>
    eb.and([
      eb(orgColumn, 'in', orgIds),
      eb('application.status', 'in', statuses),
      ...(f.status ? [eb('application.status', '=', f.status as Status)] : []),
      ...(f.specialtyId ? [eb('application.specialtyId', '=', f.specialtyId)] : []),
      ...(f.level ? [eb('application.level', '=', f.level as never)] : []),
      ...(f.year ? [eb('application.year', '=', f.year)] : []),
      ...(f.unitId ? [eb('application.recommendingOrgId', '=', f.unitId)] : []),
    ]);
  const qb = applicationFacts(db)
    .where(own)
    .select([
      'application.id',
      'application.year',
      'application.status',
      'application.version',
      'application.level',
      'application.fileCode',
      'application.submittedAt',
      'application.updatedAt',
      'application.returnDeadlineAt',
      'appUser.displayName as applicantName',
      'specialty.series',
      'specialty.name as specialtyName',
      'application.recommendingOrgId',
      'organisation.name as recommendingOrgName',
    ])
    .$if(!!f.series, (qb) => qb.where('specialty.series', '=', f.series!))
    // One box finds a person by name, a file by its code, or a person by the start of the ID number.
    .$if(!!q, (qb) => qb.where(matchesSearch(q)));
  // applicationFacts joins along NOT NULL foreign keys, so without a series filter or a search
  // the application row alone gives the same count.
  const countFrom = !f.series && !q ? db.selectFrom('application').where(own) : undefined;
  const column = SORT_COLUMNS[f.sort ?? 'updatedAt'];
  const direction = f.order ?? (f.sort === 'applicantName' || f.sort === 'fileCode' ? 'asc' : 'desc');
  const order = <QB extends typeof qb>(qb: QB) =>
    // updated_at is never null: its plain order is the index's (desc = nulls first), so the first
    // page is read from the index without sorting; nullable keys put the empty ones last.
    column === 'application.updatedAt'
      ? qb.orderBy(column, direction).orderBy('application.id', direction)
      : qb.orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast())).orderBy('application.id', direction);
  return { qb, order, countFrom };
}

export async function listFiles(ctx: ServiceContext, actor: Actor, stage: ReviewStage, f: FileFilters = {}) {
  const req = pageRequest(f);
  const orgIds = stageOrgIds(actor, stage);
  if (orgIds.length === 0) return { items: [], total: 0, ...req };
  const { qb, order, countFrom } = fileListQuery(ctx.db, stage, orgIds, f);
  const page = await fetchPage(qb, req, order, countFrom);
  const rows = page.items;
  const pubs = await latestPublicities(ctx.db, rows.map((r) => r.id));
  const today = shanghaiDate(ctx.now());
  const items = rows.map((r) => {
    const p = pubs.get(r.id);
    return {
      id: r.id,
      year: r.year,
      status: r.status,
      statusLabel: statusLabel(r.status),
      version: r.version,
      level: r.level,
      levelLabel: LEVEL_LABELS[r.level],
      fileCode: r.fileCode,
      applicantName: r.applicantName,
      series: r.series,
      specialtyName: r.specialtyName,
      recommendingOrgId: r.recommendingOrgId,
      recommendingOrgName: r.recommendingOrgName,
      submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
      updatedAt: new Date(r.updatedAt).toISOString(),
      returnDeadlineAt: r.returnDeadlineAt ? new Date(r.returnDeadlineAt).toISOString() : null,
      publicity: p ? { startsOn: p.startsOn, endsOn: p.endsOn, ...publicityCountdown(p, today) } : null,
    };
  });
  return { ...page, items };
}

/** The file with originals (B5), plus what this stage needs: publicity, objections, opinions, scans. */
export async function openFile(ctx: ServiceContext, actor: Actor, stage: ReviewStage, id: number) {
  const app = await requireAtStage(ctx.db, actor, stage, id);
  const declaration = await getDeclaration(ctx, actor, id);
  const today = shanghaiDate(ctx.now());
  const p = await latestPublicity(ctx.db, id);
  const objections = await ctx.db
    .selectFrom('objection')
    .select(['id', 'publicityId', 'raisedBy', 'raisedOn', 'content', 'resolution', 'resolvedAt', 'recordedAt'])
    .where('applicationId', '=', id)
    .orderBy('id')
    .execute();
  const opinions = await ctx.db
    .selectFrom('opinion')
    .innerJoin('appUser', 'appUser.id', 'opinion.authorId')
    .select(['opinion.id', 'opinion.stage', 'opinion.text', 'opinion.at', 'appUser.displayName as authorName'])
    .where('opinion.applicationId', '=', id)
    .orderBy('opinion.id')
    .execute();
  const documents = await ctx.db
    .selectFrom('reviewDocument')
    .select(['id', 'kind', 'originalName', 'uploadedAt'])
    .where('applicationId', '=', id)
    .orderBy('id')
    .execute();
  const openObjections = p ? objections.filter((o) => o.publicityId === p.id && !o.resolution).length : 0;
  const actions = STAGES[stage].events.filter((e) => !isRefusal(decide(app.status, e)));
  const scans = await stageScans(ctx.db, app, stage);
  return {
    ...declaration,
    stage,
    actions,
    recommendRefusal:
      stage === 'unit' && app.status === 'in_publicity'
        ? (whyNotRecommend(p ?? null, openObjections, today) ?? scans.refusal)
        : null,
    requiredScans: scans.required.map((kind) => ({ kind, title: SCAN_TITLES[kind], uploaded: scans.uploaded.includes(kind) })),
    aidPosting: scans.flags.aidPosting,
    defaultOpinion: STAGES[stage].defaultOpinion,
    publicity: p
      ? {
          id: p.id,
          startsOn: p.startsOn,
          endsOn: p.endsOn,
          workingDays: p.workingDays,
          officeName: p.officeName,
          supervisionPhone: p.supervisionPhone,
          resultIssuedOn: p.resultIssuedOn,
          ...publicityCountdown(p, today),
        }
      : null,
    objections: objections.map((o) => ({ ...o, resolvedAt: o.resolvedAt ? new Date(o.resolvedAt).toISOString() : null, recordedAt: new Date(o.recordedAt).toISOString() })),
    opinions: opinions.map((o) => ({ ...o, at: new Date(o.at).toISOString() })),
    reviewDocuments: documents.map((d) => ({ ...d, uploadedAt: new Date(d.uploadedAt).toISOString(), url: `/api/applications/${id}/review-documents/${d.id}` })),
  };
}
