// A page's list thumbnail is a derived copy: made after the upload by a job, not while the
// applicant's upload request waits (issue 13 item 7). Asked for before the job ran, it is made
// then and kept, so the job finds it done.
import { makeThumbnail } from './image-intake';
import type { ServiceContext } from './service-context';

/** The attachment as read by the caller: its page and its thumbnail, if any. */
interface PageRow {
  id: number;
  blobSha256: string;
  thumbSha256: string | null;
}

/** The thumbnail's blob for this attachment, made and stored now when it has none. */
export async function ensureThumbnail(ctx: ServiceContext, a: PageRow): Promise<string> {
  if (a.thumbSha256) return a.thumbSha256;
  const thumb = await makeThumbnail(await ctx.blobs.get(a.blobSha256));
  const sha = await ctx.blobs.put(thumb);
  return ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('blob').values({ sha256: sha, bytes: thumb.length, width: null, height: null, mime: 'image/jpeg' }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    // the page may have been turned upright meanwhile (with its own thumbnail): that one stands
    const set = await trx
      .updateTable('attachment')
      .set({ thumbSha256: sha })
      .where('id', '=', a.id)
      .where('blobSha256', '=', a.blobSha256)
      .where('thumbSha256', 'is', null)
      .executeTakeFirst();
    if (Number(set.numUpdatedRows) > 0) return sha;
    const now = await trx.selectFrom('attachment').select('thumbSha256').where('id', '=', a.id).executeTakeFirst();
    return now?.thumbSha256 ?? sha;
  });
}

/** The `make_thumbnail` job: nothing to do when the page is gone or its thumbnail was made already. */
export async function runThumbnailJob(ctx: ServiceContext, attachmentId: number): Promise<'success' | 'skipped'> {
  const a = await ctx.db.selectFrom('attachment').select(['id', 'blobSha256', 'thumbSha256']).where('id', '=', attachmentId).executeTakeFirst();
  if (!a || a.thumbSha256) return 'skipped';
  await ensureThumbnail(ctx, a);
  return 'success';
}
