// R3 评审费: the bureau's finance office publishes, per review year, how to pay (account, what to
// write as the payment note …) and the QR code to pay with; recommending units and applicants see
// them where fees are paid. The QR image is checked and re-encoded like every uploaded image.
import { type Actor, hasRole } from '../domain/access';
import { type FieldError, Refused } from '../domain/errors';
import { writeAudit } from './audit';
import { insertBlobRow, type UploadedFile } from './documents.service';
import { intakeJpeg } from './image-intake';
import type { RequestMeta, ServiceContext } from './service-context';

export const FEE_TEXT_MAX = 2000;
/** A QR code needs few pixels; a phone screenshot of one is well within these. */
const QR_LIMITS = { maxBytes: 5 * 1024 * 1024, maxPixels: 25_000_000, minSide: 200 };

export async function setFeeInstructions(ctx: ServiceContext, actor: Actor, year: number, input: { text: string; qr: UploadedFile | null; removeQr?: boolean }, meta: RequestMeta = {}) {
  if (!hasRole(actor, 'finance')) throw new Refused('FORBIDDEN', '只有人社局财务可以设置缴费说明和收款二维码');
  const text = input.text.trim();
  const errors: FieldError[] = [];
  if (!text) errors.push({ field: 'text', message: '请填写缴费说明（收款单位、账号、备注写法等）' });
  else if (text.length > FEE_TEXT_MAX) errors.push({ field: 'text', message: `缴费说明不能超过${FEE_TEXT_MAX}字` });
  if (errors.length) throw new Refused('INVALID_INPUT', errors[0].message, errors);
  const y = await ctx.db.selectFrom('policyYear').select('year').where('year', '=', year).executeTakeFirst();
  if (!y) throw new Refused('NOT_FOUND', `没有${year}年度`);
  // checked like an attachment: by content, size and pixel limits; stored without metadata
  const qr = input.qr ? await intakeJpeg(input.qr.bytes, QR_LIMITS) : null;
  const stored = qr ? { sha256: await ctx.blobs.put(qr.jpeg), mime: 'image/jpeg', bytes: qr.jpeg.length } : null;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('feeInstruction').select(['qrSha256']).where('year', '=', year).forUpdate().executeTakeFirst();
    if (stored) await insertBlobRow(trx, stored);
    const qrSha256 = stored ? stored.sha256 : input.removeQr ? null : (before?.qrSha256 ?? null);
    await trx
      .insertInto('feeInstruction')
      .values({ year, text, qrSha256, updatedBy: actor.userId, updatedAt: now })
      .onConflict((oc) => oc.column('year').doUpdateSet({ text, qrSha256, updatedBy: actor.userId, updatedAt: now }))
      .execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'fee_instructions_set', detail: { year, qrChanged: qrSha256 !== (before?.qrSha256 ?? null) }, ip: meta.ip, at: now });
    return feeView(year, { text, qrSha256, updatedAt: now });
  });
}

function feeView(year: number, r: { text: string; qrSha256: string | null; updatedAt: Date } | undefined) {
  return {
    year,
    text: r?.text ?? null,
    // the hash in the address lets the browser keep the image until it changes
    qrUrl: r?.qrSha256 ? `/api/fee-instructions/${year}/qr?v=${r.qrSha256.slice(0, 12)}` : null,
    updatedAt: r ? new Date(r.updatedAt).toISOString() : null,
  };
}

/** Who pays or handles fees sees the instructions: units, applicants, the committee office, finance, the bureau. */
export async function getFeeInstructions(ctx: ServiceContext, _actor: Actor, year: number) {
  const r = await ctx.db.selectFrom('feeInstruction').select(['text', 'qrSha256', 'updatedAt']).where('year', '=', year).executeTakeFirst();
  return feeView(year, r);
}

export async function readFeeQr(ctx: ServiceContext, _actor: Actor, year: number) {
  const r = await ctx.db.selectFrom('feeInstruction').select('qrSha256').where('year', '=', year).executeTakeFirst();
  if (!r?.qrSha256) throw new Refused('NOT_FOUND', `${year}年度尚未上传收款二维码`);
  return ctx.blobs.get(r.qrSha256);
}
