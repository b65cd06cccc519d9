// The applicant's declaration: create, save sections, submit; the list of their own files.
// Each change: load → domain decides → one transaction writes and audits (STYLE §5).
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Level } from '../db/schema';
import { type Actor, whyNotEditDeclaration, whyNotSubmit } from '../domain/access';
import { validateSection } from '../domain/declaration-rules';
import { MESSAGES, Refused, type Refusal } from '../domain/errors';
import { blocking } from '../domain/problem';
import { isRowId, isSectionCode, ROW_ID_KEY, rowIdOf, type SectionCode, type SectionData, SECTION_BY_CODE } from '../domain/section-fields';
import { isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { LEVEL_LABELS } from '../domain/level';
import { shanghaiDate } from '../domain/working-days';
import { whyNotApplyNow } from '../domain/year-deadlines';
import { applicationFacts } from '../db/application.repository';
import { lockEditable, requireOwn } from './application-access';
import { writeAudit } from './audit';
import { committeeFor } from './entrustment.service';
import { whyBanned } from './integrity.service';
import { notifyOrganisation } from './notification.service';
import { loadPolicy } from './policy.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';
import { computeProblems, loadSections, ruleContext } from './declaration-view.service';

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
  const window = whyNotApplyNow(await loadPolicy(ctx.db, input.year), shanghaiDate(ctx.now()), input.year);
  if (window) refuse(window);
  // I1: a fraud finding bars new applications for the policy's ban period. Registration no longer
  // says so (issue 9 item 4): only the signed-in owner of the ID number is told, here and at submit.
  const who = await ctx.db.selectFrom('appUser').select('idNumber').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const banned = who.idNumber ? await whyBanned(ctx.db, who.idNumber, ctx.now()) : null;
  if (banned) throw new Refused('INTEGRITY_BAN', banned);
  const specialty = await ctx.db.selectFrom('specialty').select(['id', 'committeeId']).where('id', '=', input.specialtyId).where('active', '=', true).executeTakeFirst();
  if (!specialty) throw new Refused('INVALID_INPUT', '所选专业不存在，请重新选择', [{ field: 'specialtyId', message: '请选择专业' }]);
  const unit = await ctx.db
    .selectFrom('organisation')
    .select(['id', 'kind', 'parentId', 'active'])
    .where('id', '=', input.recommendingOrgId)
    .executeTakeFirst();
  if (!unit || (unit.kind !== 'recommending' && unit.kind !== 'agency')) {
    throw new Refused('INVALID_INPUT', '所选推荐单位不存在，请重新选择', [{ field: 'recommendingOrgId', message: '请选择推荐单位' }]);
  }
  if (!unit.active) {
    throw new Refused('ORG_INACTIVE', '所选推荐单位已停用，不能再受理新的申报，请选择其他推荐单位', [{ field: 'recommendingOrgId', message: '该推荐单位已停用' }]);
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
  // the application window bounds the first submission; a returned file's resubmission has its own deadline
  const window = app.status === 'draft' ? whyNotApplyNow(policy, shanghaiDate(ctx.now()), app.year) : null;
  if (window) refuse(window);
  const allowed = decide(app.status, 'submit');
  if (isRefusal(allowed)) refuse(allowed);
  const now = ctx.now();
  const t = await ctx.db.transaction().execute(async (trx) => {
    // The transition's version-checked update holds the application row from here on.
    const moved = await transition(trx, app, 'submit', { actor: actor.userId, now, set: { submittedAt: now, returnReason: null, returnDeadlineAt: null }, ip: meta.ip });
    // Checked with the application locked: a save or upload still in flight has finished, later ones
    // wait and then find the file submitted. What is checked is what goes to the unit.
    // Warnings (a 否 image in which detection found identity) are shown, not blocking.
    const problems = blocking(await computeProblems({ ...ctx, db: trx }, app, policy));
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
