// Serving attachment bytes under B5: whoever may view the application gets the masked copy;
// originals only for viewers of the original (applicant, auditing units); an expert only the
// masked copy of a file assigned to them without conflict, and never a section-1 image.
import sharp from 'sharp';
import { canExpertOpen, canViewApplication, canViewOriginals, expertMayFetch, hasRole, type Actor } from '../domain/access';
import { loadApplication } from '../db/application.repository';
import { Refused } from '../domain/errors';
import { ensureThumbnail } from './attachment-thumbnail.service';
import { expertFileFacts } from './expert-review.service';
import type { ServiceContext } from './service-context';

export type ImageVariant = 'original' | 'masked' | 'thumb' | 'masked-thumb';

export async function readAttachmentImage(ctx: ServiceContext, actor: Actor, attachmentId: number, variant: ImageVariant): Promise<Buffer> {
  const notFound = () => new Refused('NOT_FOUND', '附件不存在或无权查看');
  const a = await ctx.db
    .selectFrom('attachment')
    .select(['id', 'applicationId', 'sectionCode', 'blobSha256', 'thumbSha256', 'maskedSha256', 'needsMasking', 'maskStatus'])
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!a) throw notFound();
  const app = await loadApplication(ctx.db, a.applicationId);
  if (!app) throw notFound();
  if (!canViewApplication(actor, app)) {
    if (!hasRole(actor, 'expert')) throw notFound();
    const facts = await expertFileFacts(ctx.db, actor.userId, app.id);
    if (!canExpertOpen(actor, facts) || !expertMayFetch(a, variant)) throw notFound();
  }
  if (variant === 'original' || variant === 'thumb') {
    if (!canViewOriginals(actor, app)) throw notFound();
    // a thumbnail asked for before its job ran is made now (issue 13 item 7)
    const sha = variant === 'thumb' ? await ensureThumbnail(ctx, a) : a.blobSha256;
    return ctx.blobs.get(sha);
  }
  if (a.needsMasking === false) {
    // Issue 9 item 6: an image marked 否 is never served as stored, but as a fresh encoding with no
    // metadata at all (sharp keeps none unless asked): no EXIF, XMP, ICC or embedded thumbnail.
    const stored = await ctx.blobs.get(a.blobSha256);
    const img = sharp(stored, { failOn: 'none' }).rotate();
    if (variant === 'masked-thumb') img.resize({ width: 240, height: 240, fit: 'inside', withoutEnlargement: true });
    return img.jpeg({ quality: variant === 'masked-thumb' ? 70 : 88 }).toBuffer();
  }
  const sha = a.maskedSha256;
  if (!sha) throw new Refused('NOT_FOUND', '该附件尚未生成遮盖副本');
  const bytes = await ctx.blobs.get(sha);
  if (variant === 'masked-thumb') {
    return sharp(bytes).resize({ width: 240, height: 240, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  }
  return bytes;
}
