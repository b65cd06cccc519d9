// What the applicant (and every stage after) reads of a declaration: sections, attachments, the
// problems the rules find (A1–A14, B1/B2), the identity strings masking looks for, the timeline.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { type Actor } from '../domain/access';
import { checkDeclaration } from '../domain/declaration-rules';
import { checkEvidence } from '../domain/evidence-rules';
import { checkMasking } from '../domain/masking-rules';
import type { Policy } from '../domain/policy';
import type { Problem } from '../domain/problem';
import { isSectionCode, rowIndexOf, SECTIONS, type SectionCode, type SectionData } from '../domain/section-fields';
import { EVENT_LABELS, isEditableByApplicant, statusLabel } from '../domain/state-machine';
import { LEVEL_LABELS } from '../domain/level';
import { type ApplicationRow } from '../db/application.repository';
import { shanghaiDate } from '../domain/working-days';
import { requireVisible } from './application-access';
import { loadPolicy } from './policy.service';
import type { ServiceContext } from './service-context';

export function emptySection(): SectionData {
  return { fields: {}, rows: [] };
}

/** Each section's version; 0 for a section never stored (its first save creates it). */
async function loadSectionVersions(db: Kysely<DB>, applicationId: number): Promise<Record<SectionCode, number>> {
  const rows = await db.selectFrom('section').select(['code', 'version']).where('applicationId', '=', applicationId).execute();
  return Object.fromEntries(SECTIONS.map((s) => [s.code, rows.find((r) => r.code === s.code)?.version ?? 0])) as Record<SectionCode, number>;
}

export async function loadSections(db: Kysely<DB>, applicationId: number): Promise<Partial<Record<SectionCode, SectionData>>> {
  const rows = await db.selectFrom('section').select(['code', 'data']).where('applicationId', '=', applicationId).execute();
  const out: Partial<Record<SectionCode, SectionData>> = {};
  for (const r of rows) if (isSectionCode(r.code)) out[r.code] = r.data as unknown as SectionData;
  return out;
}

async function loadAttachments(db: Kysely<DB>, applicationId: number) {
  return db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    .select([
      'attachment.id',
      'attachment.sectionCode',
      'attachment.rowId',
      'attachment.slot',
      'attachment.originalName',
      'attachment.sortOrder',
      'attachment.needsMasking',
      'attachment.maskStatus',
      'attachment.leaks',
      'attachment.proposals',
      'attachment.version',
      'attachment.createdAt',
      'blob.width',
      'blob.height',
      'blob.bytes',
    ])
    .where('attachment.applicationId', '=', applicationId)
    .orderBy('attachment.sectionCode')
    .orderBy('attachment.rowId')
    .orderBy('attachment.slot')
    .orderBy('attachment.sortOrder')
    .orderBy('attachment.id')
    .execute();
}

export function splitAliases(s: unknown): string[] {
  if (typeof s !== 'string') return [];
  return s
    .split(/[、,，;；\s]+/)
    .map((x) => x.trim())
    .filter((x) => x && x !== '无');
}

/** Name strings B1/B3 look for: the applicant's name and every name of their unit. */
export async function identityStrings(db: Kysely<DB>, app: ApplicationRow, sections: Partial<Record<SectionCode, SectionData>>) {
  const user = await db.selectFrom('appUser').select(['displayName', 'idNumber']).where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organisation').select(['name', 'aliases']).where('id', '=', app.recommendingOrgId).executeTakeFirstOrThrow();
  const a1 = sections.A1?.fields ?? {};
  const units = new Set<string>([org.name, ...org.aliases]);
  if (typeof a1.unit === 'string' && a1.unit.trim() && a1.unit.trim() !== '无') units.add(a1.unit.trim());
  for (const alias of splitAliases(a1.unitAliases)) units.add(alias);
  return { name: user.displayName, idNumber: user.idNumber ?? '', units: [...units] };
}

export async function ruleContext(ctx: ServiceContext, app: ApplicationRow, sections: Partial<Record<SectionCode, SectionData>>, policy: Policy) {
  const ids = await identityStrings(ctx.db, app, sections);
  return {
    policy,
    today: shanghaiDate(ctx.now()),
    applicant: { name: ids.name, idNumber: ids.idNumber },
    unitNames: ids.units,
  };
}

export async function computeProblems(ctx: ServiceContext, app: ApplicationRow, policy: Policy): Promise<Problem[]> {
  const sections = await loadSections(ctx.db, app.id);
  const attachments = await loadAttachments(ctx.db, app.id);
  const rc = await ruleContext(ctx, app, sections, policy);
  return [
    ...checkDeclaration({ sections, attachments: attachments.map((a) => ({ sectionCode: a.sectionCode, rowId: a.rowId, slot: a.slot })) }, rc),
    ...checkEvidence(
      attachments.map((a) => ({
        id: a.id,
        sectionCode: a.sectionCode,
        rowIndex: isSectionCode(a.sectionCode) ? rowIndexOf(sections[a.sectionCode], a.rowId) : null,
        slot: a.slot,
        originalName: a.originalName,
        proposals: Array.isArray(a.proposals) ? a.proposals : null,
        height: a.height ?? 0,
      })),
    ),
    ...checkMasking(
      attachments.map((a) => ({
        id: a.id,
        sectionCode: a.sectionCode,
        originalName: a.originalName,
        needsMasking: a.needsMasking,
        maskStatus: a.maskStatus,
        leakCount: Array.isArray(a.leaks) ? a.leaks.length : 0,
        foundCount: Array.isArray(a.proposals) ? a.proposals.length : null,
      })),
    ),
  ];
}

export function attachmentUrls(id: number) {
  return { url: `/api/attachments/${id}/original`, thumbUrl: `/api/attachments/${id}/thumb`, maskedUrl: `/api/attachments/${id}/masked` };
}

export async function getDeclaration(ctx: ServiceContext, actor: Actor, id: number) {
  const app = await requireVisible(ctx.db, actor, id);
  const policy = await loadPolicy(ctx.db, app.year);
  const sections = await loadSections(ctx.db, app.id);
  const attachments = await loadAttachments(ctx.db, app.id);
  const specialty = await ctx.db.selectFrom('specialty').select(['name', 'series']).where('id', '=', app.specialtyId).executeTakeFirst();
  const unit = await ctx.db.selectFrom('organisation').select(['name']).where('id', '=', app.recommendingOrgId).executeTakeFirst();
  const meta = { specialtyName: specialty?.name, series: specialty?.series, recommendingOrgName: unit?.name };
  const problems = await computeProblems(ctx, app, policy);
  const allSections = Object.fromEntries(SECTIONS.map((s) => [s.code, sections[s.code] ?? emptySection()]));
  const sectionVersions = await loadSectionVersions(ctx.db, app.id);
  return {
    application: {
      id: app.id,
      year: app.year,
      status: app.status,
      statusLabel: statusLabel(app.status),
      // Changes with the status only (submit, return …); sections and attachments have their own.
      version: app.version,
      editable: app.applicantId === actor.userId && isEditableByApplicant(app.status),
      series: meta?.series ?? '',
      specialtyName: meta?.specialtyName ?? '',
      level: app.level,
      levelLabel: LEVEL_LABELS[app.level],
      recommendingOrgName: meta?.recommendingOrgName ?? '',
      returnReason: app.returnReason,
      returnDeadlineAt: app.returnDeadlineAt ? new Date(app.returnDeadlineAt).toISOString() : null,
      submittedAt: app.submittedAt ? new Date(app.submittedAt).toISOString() : null,
    },
    policy: {
      summaryMinChars: policy.summaryMinChars,
      summaryMaxChars: policy.summaryMaxChars,
      appraisalYears: policy.appraisalYears,
      cePublicYears: policy.cePublicYears,
      ceProfessionalYears: policy.ceProfessionalYears,
      uploadMaxBytes: policy.uploadMaxBytes,
    },
    sections: allSections,
    /** What a section save names as the version it edited. */
    sectionVersions,
    attachments: attachments.map((a) => ({
      id: a.id,
      sectionCode: a.sectionCode,
      rowId: a.rowId,
      // Derived for labels (“学历 2”): where the row stands now.
      rowIndex: isSectionCode(a.sectionCode) ? rowIndexOf(sections[a.sectionCode], a.rowId) : null,
      slot: a.slot,
      originalName: a.originalName,
      width: a.width ?? 0,
      height: a.height ?? 0,
      bytes: a.bytes,
      maskStatus: a.maskStatus,
      needsMasking: a.needsMasking,
      version: a.version,
      ...attachmentUrls(a.id),
    })),
    problems,
  };
}

export async function timeline(ctx: ServiceContext, actor: Actor, id: number) {
  await requireVisible(ctx.db, actor, id);
  const rows = await ctx.db
    .selectFrom('auditLog')
    .leftJoin('appUser', 'appUser.id', 'auditLog.actorId')
    .select(['auditLog.at', 'auditLog.action', 'auditLog.fromStatus', 'auditLog.toStatus', 'auditLog.reason', 'appUser.displayName'])
    .where('auditLog.applicationId', '=', id)
    .where('auditLog.toStatus', 'is not', null)
    .orderBy('auditLog.at')
    .orderBy('auditLog.id')
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actorName: r.displayName ?? '系统',
    action: r.action,
    actionLabel: ACTION_LABELS[r.action] ?? r.action,
    fromStatus: r.fromStatus,
    fromLabel: r.fromStatus ? statusLabel(r.fromStatus) : null,
    toStatus: r.toStatus,
    toLabel: r.toStatus ? statusLabel(r.toStatus) : null,
    reason: r.reason,
  }));
}

// Timeline labels: the state machine's event labels, plus actions that are not transitions.
const ACTION_LABELS: Record<string, string> = { ...EVENT_LABELS, create: '创建申报' };
