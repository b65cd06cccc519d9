// A page's list thumbnail is a derived copy: made after the upload by a job, not while the
// applicant's upload request waits (issue 13 item 7). Asked for before the job ran, it is made
// then and kept, so the job finds it done.
import { makeThumbnail } from './image-intake';
import type { ServiceContext } from './service-context';

/** The thumbnail's blob for this attachment, made and stored now when it has none; null when the attachment is gone. */
export async function ensureThumbnail(ctx: ServiceContext, attachmentId: number): Promise<string | null> {
  const a = await ctx.db.selectFrom('attachment').select(['blobSha256', 'thumbSha256']).where('id', '=', attachmentId).executeTakeFirst();
  if (!a) return null;
  if (a.thumbSha256) return a.thumbSha256;
  const thumb = await makeThumbnail(await ctx.blobs.get(a.blobSha256));
  const sha = await ctx.blobs.put(thumb);
  return ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('blob').values({ sha256: sha, bytes: thumb.length, width: null, height: null, mime: 'image/jpeg' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    // the page may have been turned upright meanwhile (with its own thumbnail): that one stands
    const set = await trx
      .updateTable('attachment')
      .set({ thumbSha256: sha })
      .where('id', '=', attachmentId)
      .where('blobSha256', '=', a.blobSha256)
      .where('thumbSha256', 'is', null)
      .returning('thumbSha256')
      .executeTakeFirst();
    if (set) return sha;
    const now = await trx.selectFrom('attachment').select('thumbSha256').where('id', '=', attachmentId).executeTakeFirst();
    return now ? (now.thumbSha256 ?? sha) : null;
  });
}

/** The `make_thumbnail` job. */
export async function runThumbnailJob(ctx: ServiceContext, attachmentId: number): Promise<'success' | 'skipped'> {
  const a = await ctx.db.selectFrom('attachment').select('thumbSha256').where('id', '=', attachmentId).executeTakeFirst();
  if (!a || a.thumbSha256) return 'skipped';
  await ensureThumbnail(ctx, attachmentId);
  return 'success';
}
