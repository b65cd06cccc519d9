// Issue 9 item 11: stamped scans (附件2/3/4, the dispatching unit's approval) and fee receipts keep
// no EXIF (GPS position, phone model, time), as attachments do; orientation is applied first.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeScan } from '../../../src/services/documents.service';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { phonePhotoWithGps } from '../../support/declaration-fixture';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await sys.close();
});

describe('stored scans', () => {
  it('the test photo does carry GPS, camera and orientation', async () => {
    const photo = await phonePhotoWithGps();
    const m = await sharp(photo).metadata();
    expect(m.exif).toBeDefined();
    expect(m.orientation).toBe(6);
    expect(photo.toString('latin1')).toContain('PhoneMaker');
  });

  it('keep no EXIF and are stored upright', async () => {
    const stored = await storeScan(sys.ctx, { name: '附件4盖章.jpg', bytes: await phonePhotoWithGps() });
    expect(stored.mime).toBe('image/jpeg');
    const bytes = await sys.ctx.blobs.get(stored.sha256);
    expect(stored.bytes).toBe(bytes.length);
    const m = await sharp(bytes).metadata();
    expect(m.exif).toBeUndefined();
    expect(m.xmp).toBeUndefined();
    expect(m.orientation ?? 1).toBe(1);
    expect([m.width, m.height]).toEqual([400, 600]);
    expect(bytes.toString('latin1')).not.toContain('PhoneMaker');
  });

  it('keep a PDF as uploaded', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const stored = await storeScan(sys.ctx, { name: 'scan.pdf', bytes: pdf });
    expect((await sys.ctx.blobs.get(stored.sha256)).equals(pdf)).toBe(true);
  });

  it('refuse a truncated JPG with a message', async () => {
    const photo = await phonePhotoWithGps();
    await expect(storeScan(sys.ctx, { name: 'x.jpg', bytes: photo.subarray(0, photo.length - 200) })).rejects.toThrow(/不完整或已损坏/);
  });
});
