// The applicant's images: upload into a section or a row (by its stable id), view, delete (B1).
// A PDF upload becomes one image per page, in page order (issue 11).
// Each change locks the application row and leaves its version alone (it belongs to status changes).
import type { Kysely } from 'kysely';
import { loadApplicationWithPolicy } from '../db/application.repository';
import type { DB } from '../db/schema';
import { type Actor, whyNotEditDeclaration } from '../domain/access';
import { Refused, type Refusal } from '../domain/errors';
import { DUPLICATE_PAIRS, isSameImage } from '../domain/evidence-rules';
import { needsMaskingDecision } from '../domain/masking-rules';
import { UPLOAD_PIXELS_CEILING } from '../domain/policy';
import { isIdPhotoSlot, isRowId, isSectionCode, rowIndexOf, type SectionCode, type SectionData, SECTION_BY_CODE } from '../domain/section-fields';
import { enqueueAll } from '../jobs/queue';
import { lockEditable, ownOrNotFound, requireOwn } from './application-access';
import { writeAudit } from './audit';
import { imageFingerprint, intakeJpeg, intakePdf, sniff, type IntakeLimits, type IntakeResult } from './image-intake';
import { policyOf } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { attachmentUrls } from './declaration-view.service';

function refuse(r: Refusal): never {
  throw new Refused(r.code, r.message);
}

/** A section-level slot (no row), or a per-row slot of a row named by its id. */
function slotIsValid(code: SectionCode, rowId: string | null, slot: string): boolean {
  const def = SECTION_BY_CODE[code];
  return rowId === null ? def.slots.some((s) => s.key === slot) : !!def.rows?.slots.some((s) => s.key === slot);
}

/**
 * May this actor upload into this application, and within which limits? Asked before the upload's
 * bytes are read, so a refused or oversized upload is never held in memory (issue 9 item 8).
 */
export interface UploadLimits extends IntakeLimits {
  /** A1's photo: a standard ID photo is smaller than a scanned page (policy upload_photo_min_side). */
  photoMinSide: number;
}

/** The file the upload goes into and its limits, read once for the whole request. */
export interface PreparedUpload {
  app: Awaited<ReturnType<typeof requireOwn>>;
  limits: UploadLimits;
}

export async function prepareUpload(ctx: ServiceContext, actor: Actor, id: number): Promise<PreparedUpload> {
  // one read for both: every upload asks this first (issue 13 item 7)
  const { policySettings, ...app } = ownOrNotFound(actor, await loadApplicationWithPolicy(ctx.db, id));
  const refusal = whyNotEditDeclaration(actor, app);
  if (refusal) refuse(refusal);
  const policy = policyOf(policySettings, app.year);
  const limits = {
    maxBytes: policy.uploadMaxBytes,
    maxPixels: Math.min(policy.uploadMaxPixels, UPLOAD_PIXELS_CEILING),
    minSide: policy.uploadMinSide,
    pdfMaxPages: policy.uploadPdfMaxPages,
    photoMinSide: policy.uploadPhotoMinSide,
  };
  return { app, limits };
}

/** The pixel rule of one slot: A1's photo is a standard ID photo, every other image a page. */
function slotLimits(limits: UploadLimits, code: SectionCode, slot: string): IntakeLimits {
  if (!isIdPhotoSlot(code, slot)) return limits;
  return { ...limits, minSide: limits.photoMinSide, tooSmall: { what: '照片', example: '请上传标准证件照（如一寸照片295×413像素）' } };
}

export async function uploadAttachment(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: { sectionCode: string; rowId?: string | null; slot: string; originalName: string; bytes: Buffer },
  meta: RequestMeta = {},
  /** What the route already read before taking the bytes (prepareUpload): not read again. */
  prepared?: PreparedUpload,
) {
  const { sectionCode, slot } = input;
  const rowId = input.rowId || null;
  if (rowId !== null && !isRowId(rowId)) throw new Refused('INVALID_INPUT', '附件所属的表格行不存在，请刷新页面后重试');
  if (!isSectionCode(sectionCode) || !slotIsValid(sectionCode, rowId, slot)) {
    throw new Refused('INVALID_INPUT', '附件栏目不存在，请刷新页面后重试');
  }
  const { app, limits: fileLimits } = prepared ?? (await prepareUpload(ctx, actor, id));
  const limits = slotLimits(fileLimits, sectionCode, slot);
  // Issue 11: a PDF becomes one image per page, in page order; a JPG is one image.
  const isPdf = sniff(input.bytes) === 'PDF';
  const images = isPdf ? await intakePdf(input.bytes, limits) : [await intakeJpeg(input.bytes, limits)];
  // Blobs first: content-addressed, so a crash before the transaction leaves only unreferenced files.
  // The fingerprint only serves the A10/A13 duplicate rule (issue 12 item 5): other sections skip its decode.
  const fingerprinted = sectionCode in DUPLICATE_PAIRS;
  const stored: StoredImage[] = await Promise.all(
    images.map(async (img) => {
      const [sha, phash] = await Promise.all([ctx.blobs.put(img.jpeg), fingerprinted ? imageFingerprint(img.jpeg) : null]);
      return { img, sha, phash };
    }),
  );
  const now = ctx.now();
  const baseName = input.originalName.slice(0, 180) || (isPdf ? '附件.pdf' : '附件.jpg');
  const nameOf = (i: number) => (isPdf ? `${baseName}（第${i + 1}页，共${images.length}页）` : baseName);
  return ctx.db.transaction().execute(async (trx) => {
    await lockEditable(trx, actor, app, now);
    const rowIndex = rowId === null ? null : await requireRow(trx, id, sectionCode, rowId);
    const pages: AttachmentView[] = [];
    let created = false;
    for (const [i, { img, sha, phash }] of stored.entries()) {
      await refuseDuplicateEvidence(trx, id, sectionCode, { sha256: sha, phash });
      const r = await insertImage(trx, actor, id, { sectionCode, rowId, rowIndex, slot, originalName: nameOf(i) }, { img, sha, phash }, now, meta);
      // a new page's view is what was just written; the same image already in the slot is read back
      pages.push(r.view ?? (await attachmentView(trx, r.id)));
      created ||= r.view !== null;
    }
    return { created, attachment: pages[0]!, pages };
  });
}

interface StoredImage {
  img: IntakeResult;
  sha: string;
  /** 32×32 grey fingerprint, for the sections the duplicate rule compares; null elsewhere */
  phash: string | null;
}

/**
 * One image into a slot after the last one; the same image already in the slot is kept, not doubled
 * (`view` null: the caller reads it). Each step is one statement, as few as the rules allow: the
 * embedded database has one connection, held for the whole transaction (issue 13 item 7).
 */
async function insertImage(
  trx: Kysely<DB>,
  actor: Actor,
  id: number,
  at: { sectionCode: SectionCode; rowId: string | null; rowIndex: number | null; slot: string; originalName: string },
  b: StoredImage,
  now: Date,
  meta: RequestMeta,
): Promise<{ id: number; view: AttachmentView | null }> {
  const { sectionCode, rowId, slot, originalName } = at;
  const { img, sha, phash } = b;
  // The blob row (a blob stored before its fingerprint was kept gets it now), then the same image
  // already in this slot and the slot's last place: one statement, the upsert as a WITH that
  // PostgreSQL always runs, referenced or not.
  const inSlot = await trx
    .with('stored', (db) =>
      db
        .insertInto('blob')
        .values({ sha256: sha, bytes: img.jpeg.length, width: img.width, height: img.height, mime: 'image/jpeg', phash })
        .onConflict((oc) => oc.column('sha256').doUpdateSet((eb) => ({ phash: eb.fn.coalesce('excluded.phash', 'blob.phash') })))
        .returning('sha256'),
    )
    .selectFrom('attachment')
    .select((eb) => [
      eb.fn.max(eb.case().when('blobSha256', '=', sha).then(eb.ref('id')).end()).as('existing'),
      eb.fn.coalesce(eb.fn.max('sortOrder'), eb.val(-1)).as('m'),
    ])
    .where('applicationId', '=', id)
    .where('sectionCode', '=', sectionCode)
    .where((eb) => (rowId === null ? eb('rowId', 'is', null) : eb('rowId', '=', rowId)))
    .where('slot', '=', slot)
    .executeTakeFirstOrThrow();
  if (inSlot.existing !== null) return { id: Number(inSlot.existing), view: null };
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
      // the thumbnail follows from a job (issue 13 item 7)
      thumbSha256: null,
      sortOrder: Number(inSlot.m) + 1,
      createdBy: actor.userId,
      createdAt: now,
      maskStatus: masked ? 'pending' : 'not_needed',
      needsMasking: masked ? null : false,
    })
    .returning(['id', 'maskStatus', 'needsMasking', 'version'])
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorId: actor.userId,
    applicationId: id,
    action: 'upload_attachment',
    detail: { attachmentId: row.id, sectionCode, rowId, slot, sha256: sha },
    ip: meta.ip,
    at: now,
  });
  await enqueueAll(trx, [
    { name: 'make_thumbnail', data: { attachmentId: row.id }, key: `make_thumbnail:${row.id}` },
    ...(masked ? [{ name: 'mask_detect', data: { attachmentId: row.id }, key: `mask_detect:${row.id}`, owner: `application:${id}` } as const] : []),
  ]);
  const view = viewOf({ ...row, sectionCode, rowId, slot, originalName, width: img.width, height: img.height, bytes: img.jpeg.length }, at.rowIndex);
  return { id: row.id, view };
}

/**
 * Issue 12 item 5: the same image (same bytes or near-identical pixels) may not be evidence in both
 * A10 and A13; the message names the section and file that already hold it.
 */
async function refuseDuplicateEvidence(trx: Kysely<DB>, applicationId: number, sectionCode: SectionCode, image: { sha256: string; phash: string | null }) {
  const other = DUPLICATE_PAIRS[sectionCode];
  if (!other) return;
  const there = await trx
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    .select(['attachment.originalName', 'blob.sha256', 'blob.phash'])
    .where('attachment.applicationId', '=', applicationId)
    .where('attachment.sectionCode', '=', other)
    .orderBy('attachment.id')
    .execute();
  const same = there.find((t) => isSameImage(image, t));
  if (same) {
    throw new Refused(
      'DUPLICATE_EVIDENCE',
      `这张图片已作为“${SECTION_BY_CODE[other].title}”（${other}）的附件“${same.originalName}”上传，同一材料不能在${SECTION_BY_CODE[sectionCode].title}（${sectionCode}）中重复上传`,
    );
  }
}

/**
 * An image goes into a row that is stored. Uploads and saves of one file take turns (lockEditable),
 * so a save deleting the row either comes first (the upload is refused) or sees the image.
 */
/** The row's place in its section (for the view); refused when the section has no such row. */
async function requireRow(trx: Kysely<DB>, id: number, code: SectionCode, rowId: string): Promise<number> {
  const section = await trx
    .selectFrom('section')
    .select(['data'])
    .where('applicationId', '=', id)
    .where('code', '=', code)
    .forShare()
    .executeTakeFirst();
  const index = rowIndexOf(section?.data as SectionData | undefined, rowId);
  if (index === null) {
    throw new Refused('INVALID_INPUT', `“${SECTION_BY_CODE[code].title}”中没有这一行（可能已被删除或尚未保存），请保存后再上传`);
  }
  return index;
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
  const { applicationId: _, ...row } = a;
  return viewOf(row, rowIndexOf(section?.data as SectionData | undefined, a.rowId));
}

interface AttachmentRowForView {
  id: number;
  sectionCode: string;
  rowId: string | null;
  slot: string;
  originalName: string;
  maskStatus: string;
  needsMasking: boolean | null;
  version: number;
  width: number | null;
  height: number | null;
  bytes: number;
}

/** What the applicant's page shows of one attachment. */
function viewOf(a: AttachmentRowForView, rowIndex: number | null) {
  return { ...a, rowIndex, width: a.width ?? 0, height: a.height ?? 0, ...attachmentUrls(a.id) };
}

export type AttachmentView = ReturnType<typeof viewOf>;

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
    await trx.deleteFrom('job').where('key', 'in', [`mask_detect:${attachmentId}`, `mask_burn:${attachmentId}`, `make_thumbnail:${attachmentId}`]).execute();
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
