// B1/B2/B5: the 检查姓名掩盖 workflow. Detection and burning run as jobs (off the request thread,
// in the masking worker pool); the applicant marks each image 是/否, edits boxes and confirms.
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB, MaskRegion } from '../db/schema';
import { type Actor, whyNotEditDeclaration } from '../domain/access';
import { MESSAGES, Refused } from '../domain/errors';
import { droppedProposals, leaksAfterDecision, needsMaskingDecision } from '../domain/masking-rules';
import { isSectionCode, rowIndexOf, SECTION_BY_CODE, type SectionData } from '../domain/section-fields';
import { enqueue } from '../jobs/queue';
import { turnBox } from '../masking/propose';
import { writeAudit } from './audit';
import { loadApplication } from '../db/application.repository';
import { lockEditable, requireAtStage, requireOwn } from './application-access';
import { attachmentUrls, identityStrings } from './declaration-view.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { makeThumbnail } from './image-intake';

/** What the masking engine offers the job handlers (implemented by src/masking/pool.ts). */
export interface MaskingEngine {
  detect(bytes: Buffer, targets: { names: string[]; units: string[] }): Promise<{ width: number; height: number; orientation: number; regions: MaskRegion[] }>;
  burn(bytes: Buffer, regions: MaskRegion[]): Promise<Buffer>;
  verify(bytes: Buffer, targets: { names: string[]; units: string[] }): Promise<{ leaks: MaskRegion[] }>;
}

const MAX_REGIONS = 200;

async function requireOwnEditable(db: Kysely<DB>, actor: Actor, applicationId: number) {
  const app = await requireOwn(db, actor, applicationId);
  const r = whyNotEditDeclaration(actor, app);
  if (r) throw new Refused(r.code, r.message);
  return app;
}

export async function targetsFor(db: Kysely<DB>, applicationId: number) {
  const app = await loadApplication(db, applicationId);
  if (!app) throw new Error(`application ${applicationId} missing`);
  const sections = await db.selectFrom('section').select(['code', 'data']).where('applicationId', '=', applicationId).execute();
  const byCode = Object.fromEntries(sections.map((s) => [s.code, s.data])) as never;
  const ids = await identityStrings(db, app, byCode);
  return { names: [ids.name], units: ids.units };
}

/** The check page: every attachment that needs a 是/否 decision, with its state and job progress. */
export async function maskingOverview(ctx: ServiceContext, actor: Actor, applicationId: number) {
  const app = await requireOwn(ctx.db, actor, applicationId);
  const rows = await ctx.db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    .select([
      'attachment.id',
      'attachment.sectionCode',
      'attachment.rowId',
      'attachment.slot',
      'attachment.originalName',
      'attachment.needsMasking',
      'attachment.maskStatus',
      'attachment.proposals',
      'attachment.regions',
      'attachment.leaks',
      'attachment.orientation',
      'attachment.rotatedBy',
      'attachment.maskedAt',
      'attachment.version',
      'blob.width',
      'blob.height',
    ])
    .where('attachment.applicationId', '=', applicationId)
    .orderBy('attachment.id')
    .execute();
  const keys = rows.flatMap((r) => [`mask_detect:${r.id}`, `mask_burn:${r.id}`]);
  const jobs = keys.length
    ? await ctx.db.selectFrom('job').select(['key', 'status', 'progress', 'error']).where('key', 'in', keys).execute()
    : [];
  const jobOf = (key: string) => jobs.find((j) => j.key === key);
  const sections = await ctx.db.selectFrom('section').select(['code', 'data']).where('applicationId', '=', applicationId).execute();
  const rowIndex = (code: string, rowId: string | null) => rowIndexOf(sections.find((s) => s.code === code)?.data as SectionData | undefined, rowId);
  const items = rows
    .filter((r) => needsMaskingDecision(r.sectionCode))
    .map((r) => ({
      id: r.id,
      sectionCode: r.sectionCode,
      sectionTitle: isSectionCode(r.sectionCode) ? SECTION_BY_CODE[r.sectionCode].title : r.sectionCode,
      rowId: r.rowId,
      // Where the row now stands (0-based), for the label “第2行”.
      rowIndex: rowIndex(r.sectionCode, r.rowId),
      slot: r.slot,
      originalName: r.originalName,
      width: r.width ?? 0,
      height: r.height ?? 0,
      needsMasking: r.needsMasking,
      maskStatus: r.maskStatus,
      proposals: (r.proposals ?? []) as MaskRegion[],
      regions: (r.regions ?? []) as MaskRegion[],
      leaks: (r.leaks ?? []) as MaskRegion[],
      orientation: r.orientation,
      rotatedBy: r.rotatedBy,
      version: r.version,
      job: (() => {
        const j = r.maskStatus === 'detecting' ? jobOf(`mask_burn:${r.id}`) : jobOf(`mask_detect:${r.id}`);
        return j ? { status: j.status, progress: j.progress, error: j.error } : null;
      })(),
      ...attachmentUrls(r.id),
      maskedThumbUrl: `/api/attachments/${r.id}/masked-thumb`,
    }));
  return { editable: whyNotEditDeclaration(actor, app) === null, items };
}

function cleanRegions(regions: unknown, width: number, height: number): MaskRegion[] {
  if (!Array.isArray(regions)) throw new Refused('INVALID_INPUT', '遮盖区域格式不正确');
  if (regions.length > MAX_REGIONS) throw new Refused('INVALID_INPUT', `遮盖区域最多${MAX_REGIONS}个`);
  const kinds = new Set(['name', 'unit', 'seal', 'face', 'eyes', 'manual']);
  return regions.map((r, i) => {
    const o = r as Record<string, unknown>;
    const n = (k: string) => Math.round(Number(o[k]));
    const x = Math.max(0, n('x'));
    const y = Math.max(0, n('y'));
    const w = Math.min(width - x, n('w'));
    const h = Math.min(height - y, n('h'));
    if (![x, y, w, h].every(Number.isFinite) || w < 2 || h < 2) {
      throw new Refused('INVALID_INPUT', `第${i + 1}个遮盖区域超出图片范围或太小，请重新框选`);
    }
    const kind = typeof o.kind === 'string' && kinds.has(o.kind) ? (o.kind as MaskRegion['kind']) : 'manual';
    // The text read stays with a proposal the applicant keeps, so the editor still says why.
    const text = typeof o.text === 'string' && o.text.length > 0 ? { text: o.text.slice(0, 100) } : {};
    return { kind, x, y, w, h, score: typeof o.score === 'number' ? o.score : 1, ...text };
  });
}

/** B2: the applicant marks 是 (with the boxes to burn) or 否 for one image. */
export async function confirmMasking(
  ctx: ServiceContext,
  actor: Actor,
  applicationId: number,
  attachmentId: number,
  input: { needsMasking: boolean; regions?: unknown; version?: number },
  meta: RequestMeta = {},
) {
  const app = await requireOwnEditable(ctx.db, actor, applicationId);
  const a = await ctx.db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    .select((eb) => [
      'attachment.id',
      'attachment.sectionCode',
      'attachment.version',
      'blob.width',
      'blob.height',
      eb('attachment.proposals', 'is not', null).as('detected'),
    ])
    .where('attachment.id', '=', attachmentId)
    .where('attachment.applicationId', '=', applicationId)
    .executeTakeFirst();
  if (!a) throw new Refused('NOT_FOUND', '附件不存在或已删除');
  if (!needsMaskingDecision(a.sectionCode)) throw new Refused('INVALID_INPUT', '基本信息中的身份证和照片无需遮盖');
  const regions = input.needsMasking ? cleanRegions(input.regions ?? [], a.width ?? 0, a.height ?? 0) : [];
  if (input.needsMasking && regions.length === 0) {
    throw new Refused('INVALID_INPUT', '选择了“需要遮盖”，请至少框选一个遮盖区域；如无需遮盖请选择“否”');
  }
  const now = ctx.now();
  const version = await ctx.db.transaction().execute(async (trx) => {
    await lockEditable(trx, actor, app, now);
    // The decision is about this image only: its own version, not the file's, changes. A client
    // naming the version it saw gets 409 if the image was decided meanwhile (another tab, 一键采纳).
    const res = await trx
      .updateTable('attachment')
      .set((eb) => ({
        needsMasking: input.needsMasking,
        regions: JSON.stringify(regions),
        maskStatus: input.needsMasking ? 'detecting' : 'not_needed',
        maskedSha256: null,
        maskedAt: null,
        leaks: null,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', attachmentId)
      .$if(input.version !== undefined, (qb) => qb.where('version', '=', input.version!))
      .returning(['version'])
      .executeTakeFirst();
    if (!res) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId,
      action: 'confirm_masking',
      detail: { attachmentId, needsMasking: input.needsMasking, regions: regions.length },
      ip: meta.ip,
      at: now,
    });
    if (input.needsMasking) await enqueue(trx, 'mask_burn', { attachmentId }, { key: `mask_burn:${attachmentId}`, owner: `application:${applicationId}` });
    // Issue 9 item 6: detection runs on an image marked 否 too, so a name in it is still found and
    // flagged. A background check in the batch lane, so no applicant's detections and burns wait for it.
    else if (!a.detected)
      await enqueue(trx, 'mask_detect', { attachmentId }, { key: `mask_detect:${attachmentId}`, runAt: now, lane: 'batch', owner: `application:${applicationId}` });
    return res.version;
  });
  return { id: attachmentId, needsMasking: input.needsMasking, maskStatus: input.needsMasking ? 'detecting' : 'not_needed', regions, version };
}

/** 一键采纳: every image with finished detection takes its proposals (是 when boxes were found, else 否). */
export async function acceptAllProposals(ctx: ServiceContext, actor: Actor, applicationId: number, attachmentIds: number[] | undefined, meta: RequestMeta = {}) {
  await requireOwnEditable(ctx.db, actor, applicationId);
  const rows = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'proposals', 'maskStatus', 'sectionCode'])
    .where('applicationId', '=', applicationId)
    .where('maskStatus', '=', 'proposed')
    .$if(!!attachmentIds?.length, (qb) => qb.where('id', 'in', attachmentIds!))
    .execute();
  let marked = 0;
  for (const r of rows) {
    const proposals = (r.proposals ?? []) as MaskRegion[];
    await confirmMasking(ctx, actor, applicationId, r.id, { needsMasking: proposals.length > 0, regions: proposals }, meta);
    marked++;
  }
  return { marked };
}

/** Re-run detection (e.g. after a failure). */
export async function requestDetection(ctx: ServiceContext, actor: Actor, applicationId: number, attachmentId: number) {
  await requireOwnEditable(ctx.db, actor, applicationId);
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('attachment')
      .set({ maskStatus: 'pending' })
      .where('id', '=', attachmentId)
      .where('applicationId', '=', applicationId)
      .where('maskStatus', 'in', ['pending', 'proposed', 'failed'])
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new Refused('INVALID_TRANSITION', '该附件当前不能重新检测');
    await enqueue(trx, 'mask_detect', { attachmentId }, { key: `mask_detect:${attachmentId}`, owner: `application:${applicationId}` });
  });
}

// ---- job handlers (run in the job runner; the engine works in worker threads) ----

export async function runDetectJob(ctx: ServiceContext, engine: MaskingEngine, attachmentId: number, progress: (p: number) => Promise<void>) {
  const a = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'applicationId', 'blobSha256', 'maskStatus', 'needsMasking', 'proposals'])
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!a) return 'skipped' as const;
  // Issue 9 item 6: an image marked 否 is detected all the same (once), its decision kept; the
  // proposals flag it to the applicant and the committee office. Skip when 是 was chosen meanwhile.
  const markedNo = a.needsMasking === false && a.maskStatus === 'not_needed';
  if (markedNo ? a.proposals !== null : a.maskStatus !== 'pending' && a.maskStatus !== 'failed') return 'skipped' as const;
  await progress(0.1);
  const targets = await targetsFor(ctx.db, a.applicationId);
  const bytes = await ctx.blobs.get(a.blobSha256);
  await progress(0.2);
  const result = await engine.detect(bytes, targets);
  await progress(0.8);
  const upright = await turnUpright(ctx, bytes, result);
  await progress(0.9);
  const found = {
    proposals: JSON.stringify(upright?.regions ?? result.regions),
    orientation: upright ? 0 : result.orientation,
    ...(upright ? { blobSha256: upright.sha, thumbSha256: upright.thumbSha, rotatedBy: result.orientation } : {}),
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (upright) {
      for (const b of upright.blobs) await trx.insertInto('blob').values({ ...b, mime: 'image/jpeg' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    }
    const proposed = await trx
      .updateTable('attachment')
      .set({ ...found, maskStatus: 'proposed' })
      .where('id', '=', attachmentId)
      .where('maskStatus', 'in', ['pending', 'failed'])
      .where('blobSha256', '=', a.blobSha256)
      .executeTakeFirst();
    // marked 否 before or during detection: keep the decision, record what was found
    const markedNo = await trx
      .updateTable('attachment')
      .set(found)
      .where('id', '=', attachmentId)
      .where('needsMasking', '=', false)
      .where('maskStatus', '=', 'not_needed')
      .where('proposals', 'is', null)
      .where('blobSha256', '=', a.blobSha256)
      .executeTakeFirst();
    if (upright && Number(proposed.numUpdatedRows) + Number(markedNo.numUpdatedRows) > 0) {
      await writeAudit(trx, { actorId: null, applicationId: a.applicationId, action: 'rotated_upright', detail: { attachmentId, degrees: result.orientation, sha256: upright.sha }, at: ctx.now() });
    }
  });
  return 'success' as const;
}

/**
 * Issue 12 item 4 (A14: images upright): a page detection found sideways or upside down is turned
 * upright and kept as the original, with its thumbnail and the proposals turned alike. Null when
 * the page is upright already.
 */
async function turnUpright(ctx: ServiceContext, bytes: Buffer, result: { width: number; height: number; orientation: number; regions: MaskRegion[] }) {
  const turn = result.orientation;
  if (turn !== 90 && turn !== 180 && turn !== 270) return null;
  // Stored images carry no EXIF (image-intake applied it): the bytes are the page as displayed.
  const { data: jpeg, info } = await sharp(bytes).rotate(turn).jpeg({ quality: 92, mozjpeg: false }).toBuffer({ resolveWithObject: true });
  const thumb = await makeThumbnail(jpeg);
  const sha = await ctx.blobs.put(jpeg);
  const thumbSha = await ctx.blobs.put(thumb);
  const regions = result.regions.map((r) => ({ ...r, ...turnBox(r, turn, result.width, result.height) }));
  return {
    sha,
    thumbSha,
    regions,
    blobs: [
      { sha256: sha, bytes: jpeg.length, width: info.width, height: info.height },
      { sha256: thumbSha, bytes: thumb.length, width: null, height: null },
    ],
  };
}

export async function runBurnJob(ctx: ServiceContext, engine: MaskingEngine, attachmentId: number, progress: (p: number) => Promise<void>) {
  const a = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'applicationId', 'blobSha256', 'regions', 'proposals', 'needsMasking', 'maskStatus'])
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!a || !a.needsMasking || a.maskStatus !== 'detecting') return 'skipped' as const;
  const regions = (a.regions ?? []) as MaskRegion[];
  const bytes = await ctx.blobs.get(a.blobSha256);
  await progress(0.2);
  const masked = await engine.burn(bytes, regions);
  await progress(0.5);
  const targets = await targetsFor(ctx.db, a.applicationId);
  const found = await engine.verify(masked, targets);
  const leaks = leaksAfterDecision(found.leaks, droppedProposals((a.proposals ?? []) as MaskRegion[], regions));
  await progress(0.9);
  const sha = await ctx.blobs.put(masked);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('blob').values({ sha256: sha, bytes: masked.length, mime: 'image/jpeg', width: null, height: null }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    // Only if the regions are still the ones we burned (the applicant may have edited meanwhile).
    await trx
      .updateTable('attachment')
      .set({ maskedSha256: sha, maskedAt: ctx.now(), leaks: JSON.stringify(leaks), maskStatus: 'masked' })
      .where('id', '=', attachmentId)
      .where('maskStatus', '=', 'detecting')
      .where('regions', '=', JSON.stringify(regions) as never)
      .execute();
    await writeAudit(trx, { actorId: null, applicationId: a.applicationId, action: 'masked', detail: { attachmentId, sha256: sha, leaks: leaks.length }, at: ctx.now() });
  });
  return 'success' as const;
}

// ---- committee office check (R1/B5): a file whose masking is not right is not accepted ----

/** The committee's view of a file's masking: every image with its decision and masked copy. */
export async function committeeMaskingView(ctx: ServiceContext, actor: Actor, applicationId: number) {
  await requireAtStage(ctx.db, actor, 'committee', applicationId);
  const rows = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'sectionCode', 'slot', 'originalName', 'needsMasking', 'maskStatus', 'leaks', 'proposals'])
    .where('applicationId', '=', applicationId)
    .orderBy('id')
    .execute();
  return {
    items: rows
      .filter((r) => needsMaskingDecision(r.sectionCode))
      .map((r) => ({
        id: r.id,
        sectionCode: r.sectionCode,
        sectionTitle: isSectionCode(r.sectionCode) ? SECTION_BY_CODE[r.sectionCode].title : r.sectionCode,
        slot: r.slot,
        originalName: r.originalName,
        needsMasking: r.needsMasking,
        maskStatus: r.maskStatus,
        leakCount: Array.isArray(r.leaks) ? r.leaks.length : 0,
        identityFound: r.needsMasking === false && Array.isArray(r.proposals) ? r.proposals.length : 0,
        detected: r.proposals !== null,
        maskedUrl: `/api/attachments/${r.id}/masked`,
        originalUrl: `/api/attachments/${r.id}/original`,
      })),
  };
}

/**
 * The office overrides an image marked 否 (无需遮盖) as 是: the masked copy is withdrawn, detection
 * runs again, and the file must be returned so the applicant masks it before resubmitting.
 */
export async function overrideMaskingDecision(
  ctx: ServiceContext,
  actor: Actor,
  applicationId: number,
  attachmentId: number,
  reason: string,
  meta: RequestMeta = {},
) {
  const app = await requireAtStage(ctx.db, actor, 'committee', applicationId);
  if (app.status !== 'competent_recommended') {
    throw new Refused('INVALID_TRANSITION', '只有待评审委员会审核的材料才能更改遮盖标记');
  }
  if (!reason.trim()) throw new Refused('REASON_REQUIRED', '请写明需要遮盖的内容，例如“第2页出现本人姓名”');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('attachment')
      .set((eb) => ({ needsMasking: true, maskStatus: 'pending', regions: null, maskedSha256: null, maskedAt: null, leaks: null, proposals: null, version: eb('version', '+', 1) }))
      .where('id', '=', attachmentId)
      .where('applicationId', '=', applicationId)
      .where('needsMasking', '=', false)
      .where('sectionCode', '<>', 'A1')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Refused('INVALID_INPUT', '只能更改标记为“无需遮盖”的附件');
    // The image changed, not the file's status: the return that follows names the same file version.
    await trx.updateTable('application').set({ updatedAt: now }).where('id', '=', applicationId).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId,
      action: 'override_masking',
      reason,
      detail: { attachmentId },
      ip: meta.ip,
      at: now,
    });
    // the committee office's correction: not an applicant waiting at the screen
    await enqueue(trx, 'mask_detect', { attachmentId }, { key: `mask_detect:${attachmentId}`, lane: 'normal', owner: `application:${applicationId}` });
  });
  return { id: attachmentId, needsMasking: true, maskStatus: 'pending' };
}
