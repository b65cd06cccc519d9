// Issue 13 item 7: an upload request does only what must be synchronous; the list thumbnail is a
// derived copy made by a job afterwards, or at once when the page asks for it before the job ran.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';

let sys: TestSystem;
let c: Client;
let appId: number;

beforeAll(async () => {
  sys = await createTestSystem();
  c = await loginAs(sys.app, DEMO_APPLICANT_ID);
  const cat = (await c.get('/api/catalog')).json();
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits[0].id });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  appId = res.json().id;
});
afterAll(async () => {
  await sys.close();
});

const upload = async (w: number, h: number) => {
  const res = await c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A7', slot: 'letter' }, { name: '承诺书.jpg', bytes: await makeJpeg(w, h) });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  return res.json().id as number;
};
const row = (id: number) => sys.db.selectFrom('attachment').select(['blobSha256', 'thumbSha256']).where('id', '=', id).executeTakeFirstOrThrow();
const jobOf = (id: number) => sys.db.selectFrom('job').select(['status', 'lane']).where('key', '=', `make_thumbnail:${id}`).executeTakeFirst();

describe('the thumbnail of an uploaded page', () => {
  it('is made by a job after the upload, behind the applicants’ detections, and then served', async () => {
    const id = await upload(1200, 1600);
    expect((await row(id)).thumbSha256).toBeNull();
    expect(await jobOf(id)).toMatchObject({ status: 'queued', lane: 2 });
    await sys.runner.drain();
    expect((await jobOf(id))?.status).toBe('done');
    const { thumbSha256, blobSha256 } = await row(id);
    expect(thumbSha256).not.toBeNull();
    expect(thumbSha256).not.toBe(blobSha256);
    const served = await c.get(`/api/attachments/${id}/thumb`);
    expect(served.statusCode).toBe(200);
    expect((await sharp(served.rawPayload).metadata()).height).toBe(240);
    expect((await sharp(served.rawPayload).metadata()).width).toBe(180);
    expect(await sys.ctx.blobs.get(thumbSha256!)).toEqual(served.rawPayload);
  });

  it('is made at once when asked for before the job ran, and the job then leaves it alone', async () => {
    const id = await upload(1600, 1200);
    const served = await c.get(`/api/attachments/${id}/thumb`);
    expect(served.statusCode).toBe(200);
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ width: 240, height: 180 });
    const made = (await row(id)).thumbSha256;
    expect(made).not.toBeNull();
    await sys.runner.drain();
    expect((await row(id)).thumbSha256).toBe(made);
    expect((await jobOf(id))?.status).toBe('done');
  });

  it('leaves no thumbnail job behind when the page is deleted first', async () => {
    const id = await upload(1000, 1400);
    expect(await jobOf(id)).toBeDefined();
    expect((await c.del(`/api/applicant/applications/${appId}/attachments/${id}`)).statusCode).toBe(204);
    expect(await jobOf(id)).toBeUndefined();
  });
});
