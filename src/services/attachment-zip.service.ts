// A file's attachments as one zip (issue 11 "Work in bulk"): the originals for the auditing units
// (推荐单位, 主管单位), the masked copies for the committee office (B5). Experts never reach this:
// the route exists only in the stage groups, and each image is read through readAttachmentImage,
// which applies the same originals/masked rules as a single image. Streamed one image at a time,
// with Chinese folder and file names (UTF-8 flag set by fflate for non-ASCII names).
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';
import type { Actor } from '../domain/access';
import { Refused } from '../domain/errors';
import { SECTIONS } from '../domain/section-fields';
import type { ReviewStage } from '../domain/stage';
import { requireAtStage } from './application-access';
import { readAttachmentImage, type ImageVariant } from './attachment-access.service';
import type { ServiceContext } from './service-context';

/** Characters a file name inside a zip may not hold on Windows or macOS, and control characters. */
const UNSAFE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

function safeName(s: string, fallback: string): string {
  const cleaned = s.replace(UNSAFE_NAME, '_').replace(/\.[A-Za-z0-9]{1,5}$/, '').trim().slice(0, 80);
  return cleaned || fallback;
}

/** Which copy each stage takes: B5, originals stay with the auditing units; the committee gets masked copies. */
const VARIANT: Record<ReviewStage, ImageVariant> = { unit: 'original', competent: 'original', committee: 'masked' };

export interface AttachmentZip {
  /** the download's name, e.g. 「张三_申报材料附件（原件）.zip」 */
  fileName: string;
  stream: Readable;
  count: number;
}

export async function attachmentZip(ctx: ServiceContext, actor: Actor, stage: ReviewStage, id: number): Promise<AttachmentZip> {
  const app = await requireAtStage(ctx.db, actor, stage, id);
  const variant = VARIANT[stage];
  const applicant = await ctx.db.selectFrom('appUser').select('displayName').where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  const rows = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'sectionCode', 'rowId', 'slot', 'sortOrder', 'originalName', 'needsMasking', 'maskedSha256'])
    .where('applicationId', '=', id)
    .orderBy('sectionCode')
    .orderBy('rowId')
    .orderBy('slot')
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
  if (rows.length === 0) throw new Refused('NOT_FOUND', '该材料没有附件');
  const titles = new Map(SECTIONS.map((s) => [s.code as string, `${s.code} ${s.title}`]));
  const used = new Set<string>();
  const entries = rows.map((r, i) => {
    const folder = titles.get(r.sectionCode) ?? r.sectionCode;
    const base = `${folder}/${String(i + 1).padStart(3, '0')}-${safeName(r.originalName, `附件${r.id}`)}`;
    let name = `${base}.jpg`;
    for (let n = 2; used.has(name); n++) name = `${base}（${n}）.jpg`;
    used.add(name);
    return { ...r, name };
  });
  // A 是 image whose masked copy is not made yet cannot go to the committee: listed in 说明.txt instead.
  const missing = variant === 'masked' ? entries.filter((e) => e.needsMasking !== false && !e.maskedSha256) : [];
  const included = entries.filter((e) => !missing.includes(e));
  const label = variant === 'original' ? '原件' : '遮盖件';
  const who = variant === 'original' ? safeName(applicant.displayName, `材料${id}`) : (app.fileCode ?? `材料${id}`);

  const out = new PassThrough();
  const zip = new Zip((err, chunk, final) => {
    if (err) return void out.destroy(err);
    out.write(Buffer.from(chunk));
    if (final) out.end();
  });
  const add = (name: string, bytes: Uint8Array) => {
    const f = new ZipPassThrough(name); // stored: JPEGs do not compress further
    f.mtime = ctx.now();
    zip.add(f);
    f.push(bytes, true);
  };
  void (async () => {
    try {
      for (const e of included) {
        const bytes = await readAttachmentImage(ctx, actor, e.id, variant);
        add(e.name, bytes);
        // Backpressure: the next image is read only when the client has taken this one.
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
        if (out.destroyed) return;
      }
      if (missing.length) {
        const text = `以下附件尚未生成遮盖副本，未包含在压缩包中：\r\n${missing.map((m) => m.name).join('\r\n')}\r\n`;
        add('说明.txt', new TextEncoder().encode(text));
      }
      zip.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return { fileName: `${who}_申报材料附件（${label}）.zip`, stream: out, count: included.length };
}
