// Factories for the expert review: accepted, fee-paid files written straight to the database (as the
// review chain would leave them, with the audit row that leads to 'accepted'), with masked and
// original images whose bytes differ, and experts with a unit of their own for 回避 tests.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema';
import { DEMO_PASSWORD } from '../../src/db/seed';
import { hashPassword } from '../../src/auth/password';
import type { ServiceContext } from '../../src/services/service-context';
import { makeJpeg } from './declaration-fixture';
import { validIdNumber } from './id-numbers';

let passwordHash: string | null = null;
async function demoHash() {
  passwordHash ??= await hashPassword(DEMO_PASSWORD);
  return passwordHash;
}

export async function orgId(db: Kysely<DB>, code: string): Promise<number> {
  return (await db.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export async function userId(db: Kysely<DB>, username: string): Promise<number> {
  return (await db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

export async function ensureOrg(db: Kysely<DB>, o: { code: string; name: string; kind: 'recommending'; parentCode: string; aliases?: string[] }): Promise<number> {
  const found = await db.selectFrom('organisation').select('id').where('code', '=', o.code).executeTakeFirst();
  if (found) return found.id;
  const parentId = await orgId(db, o.parentCode);
  return (await db.insertInto('organisation').values({ code: o.code, name: o.name, kind: o.kind, parentId, aliases: o.aliases ?? [] }).returning('id').executeTakeFirstOrThrow()).id;
}

/** An expert on the committee (specialties there) who also works at `unitOrgCodes`. */
export async function createExpert(db: Kysely<DB>, input: { username: string; displayName: string; committeeCode: string; specialties: string[]; unitOrgCodes: string[] }) {
  const user = await db
    .insertInto('appUser')
    .values({ username: input.username, displayName: input.displayName, passwordHash: await demoHash() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('membership').values({ userId: user.id, organisationId: await orgId(db, input.committeeCode), role: 'expert', specialties: input.specialties }).execute();
  for (const code of input.unitOrgCodes) {
    await db.insertInto('membership').values({ userId: user.id, organisationId: await orgId(db, code), role: 'expert', specialties: [] }).execute();
  }
  return user.id;
}

async function putBlob(ctx: ServiceContext, bytes: Buffer): Promise<string> {
  const sha = await ctx.blobs.put(bytes);
  await ctx.db.insertInto('blob').values({ sha256: sha, bytes: bytes.length, mime: 'image/jpeg', width: 800, height: 640 }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return sha;
}

export interface AcceptedFileInput {
  name: string;
  /** Used to make a distinct valid ID number. */
  seq: number;
  unitCode: string;
  specialty?: string;
  year?: number;
  level?: 'junior' | 'middle' | 'deputy_senior' | 'senior';
  /** A3 work history units: the last row is current. */
  workUnits: string[];
}

export interface AcceptedFile {
  applicationId: number;
  applicantId: number;
  username: string;
  name: string;
  idNumber: string;
  unitName: string;
  unitAliases: string[];
  /** Every attachment with the bytes of its original, thumbnail and (if any) masked copy. */
  attachments: Array<{ id: number; sectionCode: string; slot: string; originalName: string; original: Buffer; thumb: Buffer; masked: Buffer | null }>;
}

/**
 * An application in status 'accepted' whose fee is confirmed, as the review chain leaves it.
 * The A5 and A12 texts deliberately still name the applicant, the ID and the unit, which the B3
 * check would have refused: it tests the expert view's second safety net.
 */
export async function createAcceptedFile(ctx: ServiceContext, input: AcceptedFileInput): Promise<AcceptedFile> {
  const db = ctx.db;
  const year = input.year ?? 2026;
  const idNumber = validIdNumber('654002', '19850312', input.seq);
  const unit = await db.selectFrom('organisation').select(['id', 'name', 'aliases', 'parentId']).where('code', '=', input.unitCode).executeTakeFirstOrThrow();
  const specialty = await db.selectFrom('specialty').select(['id', 'committeeId']).where('name', '=', input.specialty ?? '临床医学').executeTakeFirstOrThrow();
  const applicant = await db
    .insertInto('appUser')
    .values({ username: idNumber, displayName: input.name, idNumber, mobile: '13999120000', passwordHash: await demoHash() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('membership').values({ userId: applicant.id, organisationId: null, role: 'applicant' }).execute();
  const now = ctx.now();
  const app = await db
    .insertInto('application')
    .values({
      applicantId: applicant.id,
      year,
      specialtyId: specialty.id,
      level: input.level ?? 'middle',
      recommendingOrgId: unit.id,
      competentOrgId: unit.parentId,
      committeeOrgId: specialty.committeeId,
      status: 'accepted',
      version: 7,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = input.workUnits.map((u, i) => ({
    rowId: `A3-${i}`,
    startDate: `${2005 + i * 5}-07`,
    endDate: i === input.workUnits.length - 1 ? '' : `${2010 + i * 5}-06`,
    unit: u,
    position: '医师',
  }));
  const sections: Record<string, unknown> = {
    A1: { fields: { name: input.name, idNumber, unit: unit.name, unitAliases: unit.aliases.join('、'), sex: '男', mobile: '13999120000' }, rows: [] },
    A2: { fields: {}, rows: [{ rowId: 'A2-0', school: '新疆医科大学', major: '临床医学', education: '本科', degree: '学士' }] },
    A3: { fields: {}, rows },
    A5: { fields: {}, rows: [{ rowId: 'A5-0', title: '胸痛中心建设', role: '主要完成人', description: `${input.name}牵头在${unit.aliases[0] ?? unit.name}建成胸痛中心` }] },
    A12: { fields: { text: `本人${input.name}，身份证号${idNumber}，任现职以来在${unit.name}从事临床工作，曾在${input.workUnits[0]}轮转。工作认真负责。` }, rows: [] },
  };
  for (const [code, data] of Object.entries(sections)) {
    await db.insertInto('section').values({ applicationId: app.id, code, data: JSON.stringify(data), updatedAt: now }).execute();
  }
  const attachments: AcceptedFile['attachments'] = [];
  const specs: Array<{ sectionCode: string; rowId: string | null; slot: string; masked: boolean }> = [
    { sectionCode: 'A1', rowId: null, slot: 'photo', masked: false },
    { sectionCode: 'A1', rowId: null, slot: 'id_front', masked: false },
    { sectionCode: 'A2', rowId: 'A2-0', slot: 'diploma', masked: true },
    { sectionCode: 'A5', rowId: 'A5-0', slot: 'evidence', masked: true },
  ];
  for (const s of specs) {
    const original = await makeJpeg(800, 640);
    const thumb = await makeJpeg(240, 192);
    const masked = s.masked ? await makeJpeg(800, 640) : null;
    const blobSha256 = await putBlob(ctx, original);
    const thumbSha256 = await putBlob(ctx, thumb);
    const maskedSha256 = masked ? await putBlob(ctx, masked) : null;
    const originalName = `${input.name}-${s.slot.replace(/\W/g, '')}.jpg`;
    const row = await db
      .insertInto('attachment')
      .values({
        applicationId: app.id,
        sectionCode: s.sectionCode,
        rowId: s.rowId,
        slot: s.slot,
        originalName,
        blobSha256,
        thumbSha256,
        needsMasking: s.masked,
        maskStatus: s.masked ? 'masked' : 'not_needed',
        maskedSha256,
        maskedAt: s.masked ? now : null,
        createdBy: applicant.id,
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    attachments.push({ id: row.id, sectionCode: s.sectionCode, slot: s.slot, originalName, original, thumb, masked });
  }
  // R3: one confirmed fee batch per file keeps the factory independent of the others
  const officer = await userId(db, 'finance');
  const receipt = await putBlob(ctx, await makeJpeg(600, 600));
  const batch = await db
    .insertInto('feeBatch')
    .values({ recommendingOrgId: unit.id, year, amount: 300, payer: '单位负责人', paidAt: now, receiptSha256: receipt, recordedBy: officer, recordedAt: now, confirmedBy: officer, confirmedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('feeItem').values({ batchId: batch.id, applicationId: app.id }).execute();
  await db
    .insertInto('auditLog')
    .values({ actorId: await userId(db, 'committee'), applicationId: app.id, action: 'committee_accept', fromStatus: 'competent_recommended', toStatus: 'accepted', at: now })
    .execute();
  return { applicationId: app.id, applicantId: applicant.id, username: idNumber, name: input.name, idNumber, unitName: unit.name, unitAliases: unit.aliases, attachments };
}
