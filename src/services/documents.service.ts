// T2–T5: the generated attachments of a file (附件2 公示, 附件3 公示结果, 附件4 主管单位推荐意见,
// 附件5 免除继续教育学习申请表) as PDF or DOCX, and the stamped scans reviewers upload.
import type { Kysely } from 'kysely';
import type { DB, ReviewDocumentKind } from '../db/schema';
import type { Actor } from '../domain/access';
import { Refused } from '../domain/errors';
import { chineseDate } from '../domain/review-rules';
import type { SectionData } from '../domain/section-fields';
import { shanghaiDate } from '../domain/working-days';
import { DocDataError, DOC_KIND_LABELS, renderDoc, type CeExemptionData, type DocData, type DocKind, type PublicityNoticeData } from '../docs';
import { writeAudit } from './audit';
import { stripJpegMetadata } from './image-intake';
import { LEVEL_LABELS } from '../domain/level';
import type { ApplicationRow } from '../db/application.repository';
import { latestPublicity } from '../db/publicity.repository';
import { type ReviewStage, STAGES } from '../domain/stage';
import { requireAtStage, requireVisible } from './application-access';
import type { RequestMeta, ServiceContext } from './service-context';

export const DOC_KINDS: readonly DocKind[] = ['publicity_notice', 'publicity_result', 'competent_recommendation', 'ce_exemption'];

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** The largest stamped scan, fee receipt or review plan a staff form takes. */
export const SCAN_MAX_BYTES = 20 * 1024 * 1024;

/** Stamped scans are PDF or JPEG; anything else is refused by its bytes, not its name. */
export function scanMime(bytes: Buffer): 'application/pdf' | 'image/jpeg' {
  if (bytes.length === 0) throw new Refused('UPLOAD_REJECTED', '文件为0字节，请重新选择扫描件');
  if (bytes.length > SCAN_MAX_BYTES) throw new Refused('UPLOAD_REJECTED', `扫描件过大（超过${SCAN_MAX_BYTES / 1024 / 1024}MB），请压缩后上传`);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  throw new Refused('UPLOAD_REJECTED', '扫描件应为PDF或JPG格式，请重新选择');
}

/** Stores a scan as a blob (before the transaction; blobs are content-addressed) and returns its row values. */
export async function storeScan(ctx: ServiceContext, file: UploadedFile) {
  const mime = scanMime(file.bytes);
  // a phone photo of a stamped page carries where and when it was taken: keep only the pixels
  const bytes = mime === 'image/jpeg' ? await stripJpegMetadata(file.bytes) : file.bytes;
  const sha256 = await ctx.blobs.put(bytes);
  return { sha256, mime, bytes: bytes.length };
}

export async function insertBlobRow(trx: Kysely<DB>, b: { sha256: string; mime: string; bytes: number }) {
  await trx
    .insertInto('blob')
    .values({ sha256: b.sha256, bytes: b.bytes, mime: b.mime, width: null, height: null })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

const REVIEW_DOC_LABELS: Record<ReviewDocumentKind, string> = {
  publicity_notice: '推荐单位公示（附件2）盖章扫描件',
  publicity_result: '推荐单位公示结果（附件3）盖章扫描件',
  competent_recommendation: '主管单位推荐意见（附件4）盖章扫描件',
  aid_approval: '派出单位审核同意材料',
};

export async function uploadReviewDocument(
  ctx: ServiceContext,
  actor: Actor,
  stage: ReviewStage,
  id: number,
  kind: string,
  file: UploadedFile,
  meta: RequestMeta = {},
) {
  const app = await requireAtStage(ctx.db, actor, stage, id);
  const allowed = STAGES[stage].scans;
  if (!allowed.kinds.includes(kind as ReviewDocumentKind)) {
    throw new Refused('INVALID_INPUT', '扫描件类型不正确，请刷新页面后重试', [{ field: 'kind', message: '类型不正确' }]);
  }
  if (!allowed.whileIn.includes(app.status)) throw new Refused('INVALID_TRANSITION', '材料已离开本环节，不能再上传扫描件');
  const blob = await storeScan(ctx, file);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await insertBlobRow(trx, blob);
    const row = await trx
      .insertInto('reviewDocument')
      .values({ applicationId: id, kind: kind as ReviewDocumentKind, blobSha256: blob.sha256, originalName: file.name.slice(0, 200) || '扫描件', uploadedBy: actor.userId, uploadedAt: now })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, applicationId: id, action: 'upload_review_document', detail: { kind, documentId: row.id, sha256: blob.sha256 }, ip: meta.ip, at: now });
    return { id: row.id, kind, label: REVIEW_DOC_LABELS[kind as ReviewDocumentKind], url: `/api/applications/${id}/review-documents/${row.id}` };
  });
}

/** A stamped scan, for anyone who may see the file (B5: not experts). */
export async function readReviewDocument(ctx: ServiceContext, actor: Actor, id: number, documentId: number) {
  await requireVisible(ctx.db, actor, id);
  const doc = await ctx.db
    .selectFrom('reviewDocument')
    .innerJoin('blob', 'blob.sha256', 'reviewDocument.blobSha256')
    .select(['reviewDocument.blobSha256', 'reviewDocument.originalName', 'blob.mime'])
    .where('reviewDocument.id', '=', documentId)
    .where('reviewDocument.applicationId', '=', id)
    .executeTakeFirst();
  if (!doc) throw new Refused('NOT_FOUND', '扫描件不存在');
  return { bytes: await ctx.blobs.get(doc.blobSha256), mime: doc.mime, name: doc.originalName };
}

async function section(db: Kysely<DB>, id: number, code: string): Promise<SectionData> {
  const row = await db.selectFrom('section').select('data').where('applicationId', '=', id).where('code', '=', code).executeTakeFirst();
  return (row?.data as unknown as SectionData) ?? { fields: {}, rows: [] };
}

const s = (v: unknown) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v));

async function titleApplied(db: Kysely<DB>, app: ApplicationRow) {
  const a1 = (await section(db, app.id, 'A1')).fields;
  const user = await db.selectFrom('appUser').select(['displayName']).where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  const spec = await db.selectFrom('specialty').select(['series', 'name']).where('id', '=', app.specialtyId).executeTakeFirstOrThrow();
  return { applicantName: s(a1.name) || user.displayName, series: spec.series, specialty: spec.name, level: LEVEL_LABELS[app.level] };
}

async function orgName(db: Kysely<DB>, id: number | null): Promise<string> {
  if (!id) return '';
  return (await db.selectFrom('organisation').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '';
}

/** The data each template is filled from; refuses a document the file has not reached yet. */
export async function documentData(ctx: ServiceContext, app: ApplicationRow, kind: DocKind, draftOpinion?: string): Promise<DocData> {
  const today = shanghaiDate(ctx.now());
  if (kind === 'publicity_notice' || kind === 'publicity_result') {
    const p = await latestPublicity(ctx.db, app.id);
    if (!p) throw new Refused('DOC_NOT_READY', '尚未开始公示，公示文书在推荐单位开始公示后生成');
    if (kind === 'publicity_notice') return p.notice as unknown as PublicityNoticeData;
    if (!p.resultIssuedOn && today <= p.endsOn) {
      throw new Refused('DOC_NOT_READY', `公示期至${chineseDate(p.endsOn)}结束，公示结果在公示期满后生成`);
    }
    // 附件3 states how each objection ended, so it waits until every one is resolved (U3)
    const objections = await ctx.db
      .selectFrom('objection')
      .select(['raisedOn', 'content', 'resolution'])
      .where('publicityId', '=', p.id)
      .orderBy('raisedOn')
      .orderBy('id')
      .execute();
    const open = objections.filter((o) => !o.resolution).length;
    if (open > 0) throw new Refused('DOC_NOT_READY', `公示期间有${open}条异议尚未处理，处理完毕后再生成公示结果`);
    return {
      ...(await titleApplied(ctx.db, app)),
      publicityDays: p.workingDays,
      objections: objections.map((o) => ({ raisedOn: o.raisedOn, content: o.content, resolution: o.resolution ?? '' })),
      unitName: await orgName(ctx.db, app.recommendingOrgId),
      issuedOn: p.resultIssuedOn ?? today,
    };
  }
  if (kind === 'competent_recommendation') {
    if (['draft', 'submitted', 'returned_by_unit', 'in_publicity'].includes(app.status)) {
      throw new Refused('DOC_NOT_READY', '材料尚未报送主管单位，推荐意见在推荐单位推荐后生成');
    }
    const op = await ctx.db
      .selectFrom('opinion')
      .select(['text', 'at'])
      .where('applicationId', '=', app.id)
      .where('stage', '=', 'competent')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    // C1: the recorded opinion once the unit has recommended; before that the one it is typing
    // (附件4 is stamped and uploaded before the recommendation), else the opinion its form starts with
    return {
      ...(await titleApplied(ctx.db, app)),
      competentUnitName: await orgName(ctx.db, app.competentOrgId),
      opinion: draftOpinion?.trim() || op?.text || STAGES.competent.defaultOpinion,
      issuedOn: op && !draftOpinion ? shanghaiDate(new Date(op.at)) : today,
    };
  }
  // 附件5 from A1, A2, A4 and A8 (T5)
  const a1 = (await section(ctx.db, app.id, 'A1')).fields;
  const a2 = (await section(ctx.db, app.id, 'A2')).rows;
  const a8 = (await section(ctx.db, app.id, 'A8')).fields;
  const last = a2[a2.length - 1] ?? {};
  const t = await titleApplied(ctx.db, app);
  const end = s(last.endDate);
  const data: CeExemptionData = {
    name: s(a1.name),
    sex: s(a1.sex),
    birthMonth: s(a1.birthDate),
    idNumber: s(a1.idNumber),
    education: s(last.education),
    degree: s(last.degree) || '无',
    graduation: end && s(last.school) ? `${end.slice(0, 4)}年${Number(end.slice(5, 7))}月毕业于${s(last.school)}${s(last.major)}专业` : '',
    workUnit: s(a1.unit),
    workStartedOn: s(a1.workStartDate),
    currentTitle: s(a1.currentTitle) || '无',
    proposedTitle: `${t.specialty}${t.level}`,
    exemptionReason: s(a8.exemptReason),
  };
  return data;
}

const MIME = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** Renders one attachment of a file for anyone who may see it. */
export async function renderApplicationDocument(ctx: ServiceContext, actor: Actor, id: number, kind: DocKind, format: 'pdf' | 'docx', draft: { opinion?: string } = {}) {
  const app = await requireVisible(ctx.db, actor, id);
  const draftOpinion = draft.opinion?.trim() || undefined;
  if (draftOpinion !== undefined) {
    // Only the competent unit, while the file waits for its recommendation, prints its own draft.
    if (kind !== 'competent_recommendation') {
      throw new Refused('INVALID_INPUT', '只有主管单位推荐意见（附件4）可以按填写的意见生成', [{ field: 'opinion', message: '此文书不使用推荐意见' }]);
    }
    const atStage = await requireAtStage(ctx.db, actor, 'competent', id);
    if (atStage.status !== 'unit_recommended') throw new Refused('INVALID_TRANSITION', '推荐意见已报送，附件4按已记录的意见生成');
  }
  const data = await documentData(ctx, app, kind, draftOpinion);
  let bytes: Buffer;
  try {
    bytes = await renderDoc(kind, data, format);
  } catch (e) {
    if (e instanceof DocDataError) throw new Refused('DOC_DATA_INCOMPLETE', e.message);
    throw e;
  }
  const label = DOC_KIND_LABELS[kind].replace(/[（）]/g, '');
  return { bytes, mime: MIME[format], filename: `${label}-${id}.${format}` };
}
