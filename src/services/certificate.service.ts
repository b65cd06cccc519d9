// Electronic title certificate (R4, A1 photo): issued at finalisation for passed files, rendered as
// a PDF on demand, and verifiable by anyone through a QR code. The QR carries a token signed with
// HMAC-SHA256 under a server secret, so a number cannot be turned into a valid link without it;
// revocation (I1) shows on the public page because it is read live, never baked into the PDF.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DB } from '../db/schema';
import { type Actor, hasRole, isPrefectureAdmin } from '../domain/access';
import { Refused } from '../domain/errors';
import { certificateNumber } from '../domain/file-code';
import { chineseDate } from '../domain/review-rules';
import { shanghaiDate } from '../domain/working-days';
import { registerCjkFonts } from '../docs/pdf-fonts';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import type { RequestMeta, ServiceContext } from './service-context';

const SECRET_KEY = 'certificate_hmac_key';
const TOKEN_CONTEXT = 'zhiping-certificate-v1:';

/** ZHIPING_SECRET, or a random key made once and kept in the setting table. */
export async function certificateSecret(db: Kysely<DB>): Promise<Buffer> {
  const env = process.env.ZHIPING_SECRET;
  if (env && env.length >= 16) return Buffer.from(env, 'utf8');
  await db
    .insertInto('setting')
    .values({ key: SECRET_KEY, value: crypto.randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('setting').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}

const b64url = (b: Buffer) => b.toString('base64url');

function mac(secret: Buffer, payload: string): Buffer {
  return crypto.createHmac('sha256', secret).update(TOKEN_CONTEXT + payload).digest();
}

/** `<payload>.<signature>`, both base64url; the payload is the certificate number and a nonce. */
export function signCertificateToken(secret: Buffer, number: string): string {
  const payload = b64url(Buffer.from(`${number}|${crypto.randomBytes(6).toString('hex')}`, 'utf8'));
  return `${payload}.${b64url(mac(secret, payload))}`;
}

/** The certificate number inside a token whose signature is valid, else null. */
export function readCertificateToken(secret: Buffer, token: string): string | null {
  const m = /^([A-Za-z0-9_-]{8,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const expected = mac(secret, m[1]!);
  const given = Buffer.from(m[2]!, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const number = Buffer.from(m[1]!, 'base64url').toString('utf8').split('|')[0];
  return number || null;
}

/** 王建国 → 王*国, 李红 → 李*, 阿依古丽·买买提 → 阿******提 (the dot kept). */
export function maskHolderName(name: string): string {
  const cs = Array.from(name.trim());
  if (cs.length <= 1) return cs.join('');
  if (cs.length === 2) return `${cs[0]}*`;
  return cs.map((c, i) => (i === 0 || i === cs.length - 1 || c === '·' ? c : '*')).join('');
}

/** Issues a certificate to each passed file that has none, inside the caller's transaction. */
export async function issueCertificates(trx: Kysely<DB>, applicationIds: readonly number[], now: Date) {
  if (applicationIds.length === 0) return [];
  const secret = await certificateSecret(trx);
  const apps = await trx
    .selectFrom('application')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('organisation as committee', 'committee.id', 'application.committeeOrgId')
    .leftJoin('organisation as bureau', 'bureau.id', 'committee.parentId')
    .leftJoin('certificate', 'certificate.applicationId', 'application.id')
    .select(['application.id', 'application.year', 'application.level', 'specialty.seriesCode', 'committee.name as committeeName', 'bureau.name as bureauName', 'certificate.id as certificateId'])
    .where('application.id', 'in', [...applicationIds])
    .where('application.status', '=', 'passed')
    .orderBy('application.fileCode')
    .execute();
  const issued: Array<{ applicationId: number; number: string }> = [];
  const issuedOn = shanghaiDate(now);
  for (const a of apps) {
    if (a.certificateId !== null) continue;
    const prefix = `${a.year}-${a.seriesCode}-`;
    const taken = await trx.selectFrom('certificate').select('number').where('number', 'like', `${prefix}%`).execute();
    const seq = taken.reduce((max, t) => Math.max(max, Number(t.number.split('-').pop()) || 0), 0) + 1;
    const number = certificateNumber(a.year, a.seriesCode, a.level, seq);
    await trx
      .insertInto('certificate')
      .values({ number, applicationId: a.id, issuedOn, issuerName: a.bureauName ?? a.committeeName, token: signCertificateToken(secret, number), createdAt: now })
      .execute();
    await writeAudit(trx, { actorId: null, applicationId: a.id, action: 'certificate_issue', detail: { number }, at: now });
    issued.push({ applicationId: a.id, number });
  }
  return issued;
}

async function certificateFacts(db: Kysely<DB>, where: { applicationId?: number; token?: string; id?: number }) {
  return db
    .selectFrom('certificate')
    .innerJoin('application', 'application.id', 'certificate.applicationId')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .leftJoin('organisation as committee', 'committee.id', 'application.committeeOrgId')
    .select([
      'certificate.id',
      'certificate.number',
      'certificate.issuedOn',
      'certificate.issuerName',
      'certificate.token',
      'certificate.revokedAt',
      'certificate.revokedReason',
      'application.id as applicationId',
      'application.applicantId',
      'application.committeeOrgId',
      'application.status',
      'application.level',
      'application.year',
      'appUser.displayName as holderName',
      'specialty.series',
      'specialty.name as specialtyName',
      'committee.name as committeeName',
    ])
    .$if(where.applicationId !== undefined, (qb) => qb.where('certificate.applicationId', '=', where.applicationId!))
    .$if(where.token !== undefined, (qb) => qb.where('certificate.token', '=', where.token!))
    .$if(where.id !== undefined, (qb) => qb.where('certificate.id', '=', where.id!))
    .executeTakeFirst();
}
type CertificateFacts = NonNullable<Awaited<ReturnType<typeof certificateFacts>>>;

const isRevoked = (c: CertificateFacts) => c.revokedAt !== null || c.status === 'revoked';

/** Public verification (no login): valid or revoked, with the holder's name partly masked. */
export async function verifyCertificate(ctx: ServiceContext, token: string) {
  const notFound = () => new Refused('NOT_FOUND', '证书不存在或验证码无效，请核对后重试');
  const number = readCertificateToken(await certificateSecret(ctx.db), token);
  if (!number) throw notFound();
  const c = await certificateFacts(ctx.db, { token });
  if (!c || c.number !== number) throw notFound();
  const revoked = isRevoked(c);
  return {
    valid: !revoked,
    revoked,
    holderName: maskHolderName(c.holderName),
    number: c.number,
    series: c.series,
    specialty: c.specialtyName,
    level: c.level,
    levelLabel: LEVEL_LABELS[c.level],
    issuedOn: c.issuedOn,
    issuer: c.issuerName,
    revokedOn: c.revokedAt ? shanghaiDate(new Date(c.revokedAt)) : null,
  };
}

/** Absolute verification link: ZHIPING_PUBLIC_URL if set, else the origin the request came to. */
export function verifyUrl(token: string, origin: string): string {
  const base = (process.env.ZHIPING_PUBLIC_URL || origin).replace(/\/+$/, '');
  return `${base}/verify/${token}`;
}

async function renderCertificate(ctx: ServiceContext, c: CertificateFacts, origin: string): Promise<Buffer> {
  const photo = await ctx.db
    .selectFrom('attachment')
    .select('blobSha256')
    .where('applicationId', '=', c.applicationId)
    .where('sectionCode', '=', 'A1')
    .where('slot', '=', 'photo')
    .orderBy('sortOrder')
    .orderBy('id')
    .executeTakeFirst();
  const photoBytes = photo ? await ctx.blobs.get(photo.blobSha256) : null;
  const url = verifyUrl(c.token, origin);
  const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });

  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, info: { Title: `专业技术资格证书 ${c.number}`, Creator: 'ZhiPing 职评' }, lang: 'zh-CN' });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const W = doc.page.width;
  const H = doc.page.height;
  doc.lineWidth(3).strokeColor('#a4161a').rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).rect(32, 32, W - 64, H - 64).stroke();
  doc.fillColor('#a4161a').font('bold').fontSize(30).text('专业技术资格证书', 0, 70, { width: W, align: 'center', characterSpacing: 6 });
  doc.fillColor('#333').font('body').fontSize(11).text('（电子证书）', 0, 112, { width: W, align: 'center' });

  // A1: the applicant's recent 1-inch photo, 2.5 × 3.5 cm as on paper certificates
  const px = 80;
  const py = 160;
  const pw = 105;
  const ph = 147;
  if (photoBytes) doc.image(photoBytes, px, py, { fit: [pw, ph], align: 'center', valign: 'center' });
  else doc.font('body').fontSize(10).fillColor('#888').text('（无照片）', px, py + ph / 2 - 6, { width: pw, align: 'center' });
  doc.lineWidth(0.5).strokeColor('#999').rect(px, py, pw, ph).stroke();

  const rows: Array<[string, string]> = [
    ['姓　　名', c.holderName],
    ['证书编号', c.number],
    ['系　　列', c.series],
    ['专　　业', c.specialtyName],
    ['资格级别', LEVEL_LABELS[c.level]],
    ['评审委员会', c.committeeName ?? ''],
    ['签发日期', chineseDate(c.issuedOn)],
  ];
  let y = py;
  for (const [k, v] of rows) {
    doc.font('bold').fontSize(13).fillColor('#222').text(k, 230, y, { width: 100 });
    doc.font('body').fontSize(13).text(v, 335, y, { width: 300 });
    y += 26;
  }
  doc.font('body').fontSize(11).fillColor('#333').text('经评审，具备上述专业技术资格。', 230, y + 8, { width: 400 });

  const qx = W - 80 - 120;
  doc.image(qr, qx, py, { width: 120, height: 120 });
  doc.font('body').fontSize(9).fillColor('#555').text('扫码验证证书真伪', qx, py + 126, { width: 120, align: 'center' });

  doc.font('bold').fontSize(14).fillColor('#222').text(`发证机关：${c.issuerName}`, 0, H - 150, { width: W - 100, align: 'right' });
  doc.font('body').fontSize(12).text(chineseDate(c.issuedOn), 0, H - 122, { width: W - 100, align: 'right' });
  doc.font('body').fontSize(8).fillColor('#777').text(`验证网址：${url}`, 60, H - 70, { width: W - 120 });
  doc.end();
  return done;
}

const certNotFound = () => new Refused('NOT_FOUND', '证书不存在或无权查看');

/** The applicant's own certificate PDF. */
export async function applicantCertificatePdf(ctx: ServiceContext, actor: Actor, applicationId: number, origin: string) {
  const c = await certificateFacts(ctx.db, { applicationId });
  if (!c || c.applicantId !== actor.userId) throw certNotFound();
  if (isRevoked(c)) throw new Refused('CERTIFICATE_REVOKED', '该职称证书已撤销，不能下载');
  return { number: c.number, pdf: await renderCertificate(ctx, c, origin) };
}

/** A certificate PDF for the committee office that issued it, or the bureau. */
export async function officeCertificatePdf(ctx: ServiceContext, actor: Actor, certificateId: number, origin: string) {
  const c = await certificateFacts(ctx.db, { id: certificateId });
  if (!c || !(isPrefectureAdmin(actor) || (c.committeeOrgId !== null && hasRole(actor, 'committee_officer', c.committeeOrgId)))) throw certNotFound();
  return { number: c.number, pdf: await renderCertificate(ctx, c, origin) };
}

/** I1: the bureau revokes a certificate; the public page then shows it as revoked. */
export async function revokeCertificate(ctx: ServiceContext, actor: Actor, certificateId: number, reason: string, meta: RequestMeta = {}) {
  if (!isPrefectureAdmin(actor)) throw certNotFound();
  const c = await certificateFacts(ctx.db, { id: certificateId });
  if (!c) throw certNotFound();
  if (c.revokedAt) throw new Refused('ALREADY_REVOKED', '该证书已撤销');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('certificate').set({ revokedAt: now, revokedReason: reason.trim() }).where('id', '=', certificateId).where('revokedAt', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '该证书已被他人修改，请刷新后重试');
    await writeAudit(trx, { actorId: actor.userId, applicationId: c.applicationId, action: 'certificate_revoke', reason: reason.trim(), detail: { number: c.number }, ip: meta.ip, at: now });
  });
  return { id: certificateId, number: c.number, revoked: true };
}

/** Issues any missing certificates of a finalised meeting (idempotent). */
export async function issueMissingCertificates(ctx: ServiceContext, meetingId: number) {
  const files = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', meetingId).execute();
  const now = ctx.now();
  return ctx.db.transaction().execute((trx) => issueCertificates(trx, files.map((f) => f.applicationId), now));
}
