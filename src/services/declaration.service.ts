// The applicant's declaration: create, save sections, upload attachments, check, submit.
// Each change: load → domain decides → one transaction writes and audits (STYLE §5).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Level } from '../db/schema';
import { type Actor, whyNotEditDeclaration, whyNotSubmit } from '../domain/access';
import { checkDeclaration, validateSection } from '../domain/declaration-rules';
import { MESSAGES, Refused, type Refusal } from '../domain/errors';
import { checkMasking, needsMaskingDecision } from '../domain/masking-rules';
import type { Policy } from '../domain/policy';
import type { Problem } from '../domain/problem';
import {
  isRowId,
  isSectionCode,
  ROW_ID_KEY,
  rowIdOf,
  rowIndexOf,
  SECTIONS,
  type SectionCode,
  type SectionData,
  SECTION_BY_CODE,
} from '../domain/section-fields';
import { EVENT_LABELS, isEditableByApplicant, isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { enqueue } from '../jobs/queue';
import { LEVEL_LABELS } from '../domain/level';
import { applicationFacts, type ApplicationRow } from '../db/application.repository';
import { shanghaiDate } from '../domain/working-days';
import { requireOwn, requireVisible } from './application-access';
import { writeAudit } from './audit';
import { committeeFor } from './entrustment.service';
import { whyBanned } from './integrity.service';
import { intakeJpeg } from './image-intake';
import { notifyOrganisation } from './notification.service';
import { loadPolicy } from './policy.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';

function refuse(r: Refusal): never {
  throw new Refused(r.code, r.message);
}

export interface CreateApplicationInput {
  year: number;
  specialtyId: number;
  level: Level;
  recommendingOrgId: number;
}

export async function createApplication(ctx: ServiceContext, actor: Actor & { idNumber?: string | null }, input: CreateApplicationInput, meta: RequestMeta = {}) {
  const year = await ctx.db.selectFrom('policyYear').select(['year', 'isOpen']).where('year', '=', input.year).executeTakeFirst();
  if (!year || !year.isOpen) throw new Refused('YEAR_CLOSED', `${input.year}年度评审未开放申报，请选择开放的评审年度`);
  const specialty = await ctx.db.selectFrom('specialty').select(['id', 'committeeId']).where('id', '=', input.specialtyId).executeTakeFirst();
  if (!specialty) throw new Refused('INVALID_INPUT', '所选专业不存在，请重新选择', [{ field: 'specialtyId', message: '请选择专业' }]);
  const unit = await ctx.db
    .selectFrom('organisation')
    .select(['id', 'kind', 'parentId'])
    .where('id', '=', input.recommendingOrgId)
    .executeTakeFirst();
  if (!unit || (unit.kind !== 'recommending' && unit.kind !== 'agency')) {
    throw new Refused('INVALID_INPUT', '所选推荐单位不存在，请重新选择', [{ field: 'recommendingOrgId', message: '请选择推荐单位' }]);
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('application')
      .select('id')
      .where('applicantId', '=', actor.userId)
      .where('year', '=', input.year)
      .executeTakeFirst();
    if (dup) throw new Refused('ALREADY_EXISTS', `您已有${input.year}年度的申报，请在“我的主页”中继续填写`);
    const app = await trx
      .insertInto('application')
      .values({
        applicantId: actor.userId,
        year: input.year,
        specialtyId: input.specialtyId,
        level: input.level,
        recommendingOrgId: unit.id,
        competentOrgId: unit.parentId,
        // R5: an approved entrustment routes the specialty to another body
        committeeOrgId: (await committeeFor(trx, input.specialtyId, input.year)) ?? specialty.committeeId,
        createdAt: now,
        updatedAt: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    // A1 starts with what registration already knows.
    const user = await trx.selectFrom('appUser').select(['displayName', 'idNumber', 'mobile']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    await trx
      .insertInto('section')
      .values({
        applicationId: app.id,
        code: 'A1',
        data: JSON.stringify({ fields: { name: user.displayName, idNumber: user.idNumber ?? '', mobile: user.mobile ?? '' }, rows: [] }),
        updatedAt: now,
      })
      .execute();
    await writeAudit(trx, { actorId: actor.userId, applicationId: app.id, action: 'create', toStatus: 'draft', ip: meta.ip, at: now });
    return app;
  });
}

export function emptySection(): SectionData {
  return { fields: {}, rows: [] };
}

/** Each section's version; 0 for a section never stored (its first save creates it). */
async function loadSectionVersions(db: Kysely<DB>, applicationId: number): Promise<Record<SectionCode, number>> {
  const rows = await db.selectFrom('section').select(['code', 'version']).where('applicationId', '=', applicationId).execute();
  return Object.fromEntries(SECTIONS.map((s) => [s.code, rows.find((r) => r.code === s.code)?.version ?? 0])) as Record<SectionCode, number>;
}

async function loadSections(db: Kysely<DB>, applicationId: number): Promise<Partial<Record<SectionCode, SectionData>>> {
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

async function ruleContext(ctx: ServiceContext, app: ApplicationRow, sections: Partial<Record<SectionCode, SectionData>>, policy: Policy) {
  const ids = await identityStrings(ctx.db, app, sections);
  return {
    policy,
    today: shanghaiDate(ctx.now()),
    applicant: { name: ids.name, idNumber: ids.idNumber },
    unitNames: ids.units,
  };
}

async function computeProblems(ctx: ServiceContext, app: ApplicationRow, policy: Policy): Promise<Problem[]> {
  const sections = await loadSections(ctx.db, app.id);
  const attachments = await loadAttachments(ctx.db, app.id);
  const rc = await ruleContext(ctx, app, sections, policy);
  return [
    ...checkDeclaration({ sections, attachments: attachments.map((a) => ({ sectionCode: a.sectionCode, rowId: a.rowId, slot: a.slot })) }, rc),
    ...checkMasking(
      attachments.map((a) => ({
        id: a.id,
        sectionCode: a.sectionCode,
        originalName: a.originalName,
        needsMasking: a.needsMasking,
        maskStatus: a.maskStatus,
        leakCount: Array.isArray(a.leaks) ? a.leaks.length : 0,
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

/**
 * Every change to an applicant's file starts here, inside its transaction: the application row is
 * locked (a submit then waits for a change in flight, and a change for a submit) and the file must
 * still be editable. It neither checks nor raises the application's version, which belongs to status
 * changes: an upload and a section save therefore never conflict, they only take turns.
 */
export async function lockEditable(trx: Kysely<DB>, actor: Actor, app: ApplicationRow, now: Date) {
  const locked = await trx.updateTable('application').set({ updatedAt: now }).where('id', '=', app.id).returning(['status']).executeTakeFirst();
  if (!locked) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  const refusal = whyNotEditDeclaration(actor, { ...app, status: locked.status });
  if (refusal) refuse(refusal);
}

const MAX_ROWS = 50;

/** Shape check only: drafts may be incomplete, but never malformed or absurdly large. */
function sanitiseSection(code: SectionCode, raw: unknown): SectionData {
  const def = SECTION_BY_CODE[code];
  const bad = (message: string, field = ''): never => {
    throw new Refused('INVALID_INPUT', message, field ? [{ field: `${code}.${field}`, message }] : undefined);
  };
  if (typeof raw !== 'object' || raw === null) bad('保存内容格式不正确');
  const r = raw as { fields?: unknown; rows?: unknown };
  const pick = (src: unknown, defs: readonly { key: string }[], prefix: string) => {
    const out: Record<string, string | number | boolean | null> = {};
    const obj = (typeof src === 'object' && src !== null ? src : {}) as Record<string, unknown>;
    for (const f of defs) {
      const v = obj[f.key];
      if (v === undefined || v === null) continue;
      if (typeof v === 'string') {
        // A12's summary is bounded by policy in the rules; this bound only stops absurd payloads.
        const limit = code === 'A12' ? 20000 : 5000;
        if (v.length > limit) bad(`“${(f as { label?: string }).label ?? f.key}”内容过长（${v.length}字），请精简到${limit}字以内`, `${prefix}${f.key}`);
        out[f.key] = v;
      } else if (typeof v === 'number' || typeof v === 'boolean') out[f.key] = v;
      else bad('保存内容格式不正确', `${prefix}${f.key}`);
    }
    return out;
  };
  const fields = pick(r.fields, def.fields, 'fields.');
  const rowsIn = Array.isArray(r.rows) ? r.rows : [];
  if (rowsIn.length > MAX_ROWS) bad(`最多填写${MAX_ROWS}行`);
  if (!def.rows) return { fields, rows: [] };
  // A row keeps the id it came with (the browser names new rows itself); a row without one is new.
  const ids = new Set<string>();
  const given = rowsIn.map((row, i) => {
    const id = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[ROW_ID_KEY] : undefined;
    if (id === undefined || id === null || id === '') return null;
    if (!isRowId(id)) return bad('表格行编号格式不正确，请刷新页面后重试', `rows[${i}].${ROW_ID_KEY}`);
    if (ids.has(id)) bad('表格中有两行编号相同，请刷新页面后重试', `rows[${i}].${ROW_ID_KEY}`);
    ids.add(id);
    return id;
  });
  const rows = rowsIn.map((row, i) => ({ [ROW_ID_KEY]: given[i] ?? newRowId(ids), ...pick(row, def.rows!.fields, `rows[${i}].`) }));
  return { fields, rows };
}

/** 8 characters of [A-Za-z0-9_-] (ROW_ID_PATTERN), unique within the section. */
function newRowId(taken: Set<string>): string {
  for (;;) {
    const id = crypto.randomBytes(6).toString('base64url');
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Rows of `before` that `after` no longer has, with where each stood. */
function removedRows(before: SectionData | undefined, after: SectionData): Array<{ rowId: string; index: number }> {
  const kept = new Set(after.rows.map(rowIdOf));
  return (before?.rows ?? []).flatMap((row, index) => {
    const rowId = rowIdOf(row);
    return rowId !== null && !kept.has(rowId) ? [{ rowId, index }] : [];
  });
}

export async function saveSection(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  code: string,
  version: number,
  raw: unknown,
  meta: RequestMeta = {},
) {
  if (!isSectionCode(code)) throw new Refused('NOT_FOUND', '栏目不存在');
  const data = sanitiseSection(code, raw);
  const now = ctx.now();
  const app = await requireOwn(ctx.db, actor, id);
  const refusal = whyNotEditDeclaration(actor, app);
  if (refusal) refuse(refusal);
  const newVersion = await ctx.db.transaction().execute(async (trx) => {
    await lockEditable(trx, actor, app, now);
    const before = await trx
      .selectFrom('section')
      .select(['data', 'version'])
      .where('applicationId', '=', id)
      .where('code', '=', code)
      .forUpdate()
      .executeTakeFirst();
    // Only this section's version counts. A section never stored has nothing to overwrite, so its
    // first save is taken whatever version it names (0 is what the page shows for it).
    if (before && before.version !== version) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
    await refuseRemovingRowsWithImages(trx, id, code, removedRows(before?.data as SectionData | undefined, data));
    const next = before ? before.version + 1 : 1;
    if (before) {
      await trx
        .updateTable('section')
        .set({ data: JSON.stringify(data), version: next, updatedAt: now })
        .where('applicationId', '=', id)
        .where('code', '=', code)
        .execute();
    } else {
      await trx.insertInto('section').values({ applicationId: id, code, data: JSON.stringify(data), version: next, updatedAt: now }).execute();
    }
    await writeAudit(trx, { actorId: actor.userId, applicationId: id, action: 'save_section', detail: { section: code, version: next }, ip: meta.ip, at: now });
    return next;
  });
  const policy = await loadPolicy(ctx.db, app.year);
  const sections = await loadSections(ctx.db, id);
  const rc = await ruleContext(ctx, app, sections, policy);
  // `data` as stored: new rows now have their ids, which uploads into them need.
  return { version: newVersion, data, problems: validateSection(code, data, rc) };
}

/**
 * A row that still has images is not deleted by a save: the applicant deletes its images first
 * (the page offers both in one step). Deleting them silently would lose scans a save did not show.
 */
async function refuseRemovingRowsWithImages(trx: Kysely<DB>, id: number, code: SectionCode, removed: Array<{ rowId: string; index: number }>) {
  if (removed.length === 0) return;
  const images = await trx
    .selectFrom('attachment')
    .select(['rowId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('applicationId', '=', id)
    .where('sectionCode', '=', code)
    .where('rowId', 'in', removed.map((r) => r.rowId))
    .groupBy('rowId')
    .execute();
  if (images.length === 0) return;
  const def = SECTION_BY_CODE[code];
  const label = def.rows?.label ?? '表格行';
  const rows = removed.filter((r) => images.some((i) => i.rowId === r.rowId));
  const count = images.reduce((n, i) => n + Number(i.n), 0);
  const which = rows.map((r) => `第${r.index + 1}行${label}`).join('、');
  // No field errors: the row is not in the data just sent, so no form item could show one.
  throw new Refused('ROW_HAS_ATTACHMENTS', `“${def.title}”${which}还有${count}张已上传的附件，不能直接删除该行；请先删除该行的附件，再删除该行`);
}

/** A section-level slot (no row), or a per-row slot of a row named by its id. */
function slotIsValid(code: SectionCode, rowId: string | null, slot: string): boolean {
  const def = SECTION_BY_CODE[code];
  return rowId === null ? def.slots.some((s) => s.key === slot) : !!def.rows?.slots.some((s) => s.key === slot);
}

export async function uploadAttachment(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: { sectionCode: string; rowId?: string | null; slot: string; originalName: string; bytes: Buffer },
  meta: RequestMeta = {},
) {
  const { sectionCode, slot } = input;
  const rowId = input.rowId || null;
  if (rowId !== null && !isRowId(rowId)) throw new Refused('INVALID_INPUT', '附件所属的表格行不存在，请刷新页面后重试');
  if (!isSectionCode(sectionCode) || !slotIsValid(sectionCode, rowId, slot)) {
    throw new Refused('INVALID_INPUT', '附件栏目不存在，请刷新页面后重试');
  }
  const app = await requireOwn(ctx.db, actor, id);
  const refusal = whyNotEditDeclaration(actor, app);
  if (refusal) refuse(refusal);
  const policy = await loadPolicy(ctx.db, app.year);
  const img = await intakeJpeg(input.bytes, {
    maxBytes: policy.uploadMaxBytes,
    maxPixels: policy.uploadMaxPixels,
    minSide: policy.uploadMinSide,
  });
  // Blobs first: content-addressed, so a crash before the transaction leaves only an unreferenced file.
  const sha = await ctx.blobs.put(img.jpeg);
  const thumbSha = await ctx.blobs.put(img.thumb);
  const now = ctx.now();
  const originalName = input.originalName.slice(0, 200) || '附件.jpg';
  return ctx.db.transaction().execute(async (trx) => {
    await lockEditable(trx, actor, app, now);
    for (const b of [
      { sha256: sha, bytes: img.jpeg.length, width: img.width, height: img.height },
      { sha256: thumbSha, bytes: img.thumb.length, width: null, height: null },
    ]) {
      await trx.insertInto('blob').values({ ...b, mime: 'image/jpeg' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    }
    if (rowId !== null) await requireRow(trx, id, sectionCode, rowId);
    const existing = await trx
      .selectFrom('attachment')
      .select(['id'])
      .where('applicationId', '=', id)
      .where('sectionCode', '=', sectionCode)
      .where((eb) => (rowId === null ? eb('rowId', 'is', null) : eb('rowId', '=', rowId)))
      .where('slot', '=', slot)
      .where('blobSha256', '=', sha)
      .executeTakeFirst();
    if (existing) return { created: false, attachment: await attachmentView(trx, existing.id) };
    const order = await trx
      .selectFrom('attachment')
      .select((eb) => eb.fn.coalesce(eb.fn.max('sortOrder'), eb.val(-1)).as('m'))
      .where('applicationId', '=', id)
      .where('sectionCode', '=', sectionCode)
      .where((eb) => (rowId === null ? eb('rowId', 'is', null) : eb('rowId', '=', rowId)))
      .where('slot', '=', slot)
      .executeTakeFirstOrThrow();
    const masked = needsMaskingDecision(sectionCode);
    const row = await trx
      .insertInto('attachment')
      .values({
        applicationId: id,
        sectionCode,
        rowId,
        slot,
        originalName,
        blobSha256: sha,
        thumbSha256: thumbSha,
        sortOrder: Number(order.m) + 1,
        createdBy: actor.userId,
        createdAt: now,
        maskStatus: masked ? 'pending' : 'not_needed',
        needsMasking: masked ? null : false,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: id,
      action: 'upload_attachment',
      detail: { attachmentId: row.id, sectionCode, rowId, slot, sha256: sha },
      ip: meta.ip,
      at: now,
    });
    if (masked) await enqueue(trx, 'mask_detect', { attachmentId: row.id }, { key: `mask_detect:${row.id}` });
    return { created: true, attachment: await attachmentView(trx, row.id) };
  });
}

/**
 * An image goes into a row that is stored. Uploads and saves of one file take turns (lockEditable),
 * so a save deleting the row either comes first (the upload is refused) or sees the image.
 */
async function requireRow(trx: Kysely<DB>, id: number, code: SectionCode, rowId: string) {
  const section = await trx
    .selectFrom('section')
    .select(['data'])
    .where('applicationId', '=', id)
    .where('code', '=', code)
    .forShare()
    .executeTakeFirst();
  if (rowIndexOf(section?.data as SectionData | undefined, rowId) === null) {
    throw new Refused('INVALID_INPUT', `“${SECTION_BY_CODE[code].title}”中没有这一行（可能已被删除或尚未保存），请保存后再上传`);
  }
}

export async function attachmentView(db: Kysely<DB>, attachmentId: number) {
  const a = await db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    .select([
      'attachment.id',
      'attachment.applicationId',
      'attachment.sectionCode',
      'attachment.rowId',
      'attachment.slot',
      'attachment.originalName',
      'attachment.maskStatus',
      'attachment.needsMasking',
      'attachment.version',
      'blob.width',
      'blob.height',
      'blob.bytes',
    ])
    .where('attachment.id', '=', attachmentId)
    .executeTakeFirstOrThrow();
  const section = a.rowId === null ? undefined : await db.selectFrom('section').select('data').where('applicationId', '=', a.applicationId).where('code', '=', a.sectionCode).executeTakeFirst();
  const { applicationId: _, ...view } = a;
  return { ...view, rowIndex: rowIndexOf(section?.data as SectionData | undefined, a.rowId), width: a.width ?? 0, height: a.height ?? 0, ...attachmentUrls(a.id) };
}

export async function deleteAttachment(ctx: ServiceContext, actor: Actor, id: number, attachmentId: number, meta: RequestMeta = {}) {
  const app = await requireOwn(ctx.db, actor, id);
  const refusal = whyNotEditDeclaration(actor, app);
  if (refusal) refuse(refusal);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await lockEditable(trx, actor, app, now);
    const gone = await trx
      .deleteFrom('attachment')
      .where('id', '=', attachmentId)
      .where('applicationId', '=', id)
      .returning(['id', 'sectionCode', 'rowId', 'slot', 'blobSha256'])
      .executeTakeFirst();
    if (!gone) throw new Refused('NOT_FOUND', '附件不存在或已删除');
    await trx.deleteFrom('job').where('key', 'in', [`mask_detect:${attachmentId}`, `mask_burn:${attachmentId}`]).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: id,
      action: 'delete_attachment',
      detail: { attachmentId, sectionCode: gone.sectionCode, rowId: gone.rowId, slot: gone.slot, sha256: gone.blobSha256 },
      ip: meta.ip,
      at: now,
    });
  });
}

export async function submitDeclaration(ctx: ServiceContext, actor: Actor, id: number, version: number, meta: RequestMeta = {}) {
  const app = await requireOwn(ctx.db, actor, id);
  const refusal = whyNotSubmit(actor, app);
  if (refusal) refuse(refusal);
  if (app.version !== version) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
  // I1: a fraud finding bars new applications for the policy's ban period
  const who = await ctx.db.selectFrom('appUser').select('idNumber').where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  const banned = who.idNumber ? await whyBanned(ctx.db, who.idNumber, ctx.now()) : null;
  if (banned) throw new Refused('INTEGRITY_BAN', banned);
  const policy = await loadPolicy(ctx.db, app.year);
  const allowed = decide(app.status, 'submit');
  if (isRefusal(allowed)) refuse(allowed);
  const now = ctx.now();
  const t = await ctx.db.transaction().execute(async (trx) => {
    // The transition's version-checked update holds the application row from here on.
    const moved = await transition(trx, app, 'submit', { actor: actor.userId, now, set: { submittedAt: now, returnReason: null, returnDeadlineAt: null }, ip: meta.ip });
    // Checked with the application locked: a save or upload still in flight has finished, later ones
    // wait and then find the file submitted. What is checked is what goes to the unit.
    const problems = await computeProblems({ ...ctx, db: trx }, app, policy);
    if (problems.length) {
      throw new Refused(
        'DECLARATION_INCOMPLETE',
        `还有${problems.length}处需要修改，请按提示逐项完善后再提交`,
        problems.map((p) => ({ field: p.section === 'masking' || p.section === 'attachments' ? `${p.section}.${p.field}` : `${p.section}.${p.field}`, message: p.message })),
      );
    }
    if (app.status === 'returned_by_committee') await trx.deleteFrom('job').where('key', '=', `return_deadline:${id}`).execute();
    await notifyOrganisation(trx, app.recommendingOrgId, ['unit_reviewer', 'unit_leader'], id, `有一份新的职称申报材料待审核（${actor.displayName}）`, now);
    return moved;
  });
  return { status: t.to, statusLabel: statusLabel(t.to), version: t.version };
}

export async function listOwnApplications(ctx: ServiceContext, actor: Actor) {
  const rows = await applicationFacts(ctx.db)
    .select([
      'application.id',
      'application.year',
      'application.status',
      'application.level',
      'application.updatedAt',
      'specialty.name as specialtyName',
      'specialty.series',
      'organisation.name as recommendingOrgName',
    ])
    .where('application.applicantId', '=', actor.userId)
    .orderBy('application.year', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    statusLabel: statusLabel(r.status),
    levelLabel: LEVEL_LABELS[r.level],
    updatedAt: new Date(r.updatedAt).toISOString(),
  }));
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
