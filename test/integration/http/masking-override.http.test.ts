// R1/B5: the committee office checks a file's masking and overrides an image wrongly marked
// 无需遮盖; the file then cannot be resubmitted until that image is masked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { submittedFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client } from '../../support/http-client';

let sys: TestSystem;
let committee: Client;
let file: Filed;

beforeAll(async () => {
  sys = await createTestSystem();
  committee = await loginAs(sys.app, 'committee');
  file = await submittedFile(sys.app, 31, '热依拉·阿不都');
  // Factory step: the unit and competent stages are covered by review-chain.http.test.ts.
  await sys.db.updateTable('application').set({ status: 'competent_recommended' }).where('id', '=', file.id).execute();
  await sys.db
    .insertInto('auditLog')
    .values({ actorId: null, trueActorId: null, applicationId: file.id, action: 'competent_recommend', fromStatus: 'unit_recommended', toStatus: 'competent_recommended', at: sys.clock.now() })
    .execute();
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('committee masking check (R1/B5)', () => {
  it('lists every image outside A1 with its decision, and hides the file from the applicant route of others', async () => {
    const res = await committee.get(`/api/committee/applications/${file.id}/masking`);
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    const items = res.json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i: { needsMasking: boolean; sectionCode: string }) => i.needsMasking === false && i.sectionCode !== 'A1')).toBe(true);
    const unit = await loginAs(sys.app, 'unit');
    expect((await unit.get(`/api/committee/applications/${file.id}/masking`)).statusCode).toBe(403);
  });

  it('shows the office which images marked 否 detection found identity in (issue 9 item 6)', async () => {
    let before = (await committee.get(`/api/committee/applications/${file.id}/masking`)).json().items;
    expect(before.every((i: { detected: boolean; identityFound: number }) => !i.detected && i.identityFound === 0)).toBe(true);
    // the images were marked 否 before their detection ran; it runs all the same
    const flagged = before[1].id;
    sys.services.maskingEngine = {
      detect: async (bytes) => {
        const found = (await sys.ctx.blobs.get((await sys.db.selectFrom('attachment').select('blobSha256').where('id', '=', flagged).executeTakeFirstOrThrow()).blobSha256)).equals(bytes);
        return { width: 800, height: 640, orientation: 0, regions: found ? [{ kind: 'name' as const, x: 40, y: 300, w: 200, h: 40, score: 0.95 }] : [] };
      },
      burn: async () => Buffer.alloc(0),
      verify: async () => ({ leaks: [] }),
    };
    const queued = await sys.db.selectFrom('job').select('name').where('status', '=', 'queued').execute();
    expect(queued.filter((j) => j.name === 'mask_detect')).toHaveLength(before.length);
    // with them, the pages' thumbnails (issue 13 item 7)
    expect(await sys.runner.drain()).toBe(queued.length);
    before = (await committee.get(`/api/committee/applications/${file.id}/masking`)).json().items;
    expect(before.every((i: { detected: boolean }) => i.detected)).toBe(true);
    expect(before.filter((i: { identityFound: number }) => i.identityFound > 0).map((i: { id: number }) => i.id)).toEqual([flagged]);
    expect(before.find((i: { id: number }) => i.id === flagged)).toMatchObject({ needsMasking: false, maskStatus: 'not_needed', identityFound: 1 });
  });

  it('overrides 否 to 是 with a reason, audits it, queues detection, and blocks resubmission until masked', async () => {
    const items = (await committee.get(`/api/committee/applications/${file.id}/masking`)).json().items;
    const target = items[0];
    const noReason = await committee.post(`/api/committee/applications/${file.id}/attachments/${target.id}/require-masking`, { reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    const res = await committee.post(`/api/committee/applications/${file.id}/attachments/${target.id}/require-masking`, { reason: '第1页出现本人姓名' });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json()).toMatchObject({ needsMasking: true, maskStatus: 'pending' });
    const again = await committee.post(`/api/committee/applications/${file.id}/attachments/${target.id}/require-masking`, { reason: '重复' });
    expect(again.statusCode).toBe(422);
    const audit = await sys.db.selectFrom('auditLog').select(['reason', 'detail']).where('action', '=', 'override_masking').where('applicationId', '=', file.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('第1页出现本人姓名');
    const job = await sys.db.selectFrom('job').select(['status']).where('key', '=', `mask_detect:${target.id}`).executeTakeFirst();
    expect(job?.status).toBe('queued');

    // the office returns the file; the applicant's checklist now says the image must be masked
    const v = (await committee.get(`/api/committee/applications/${file.id}`)).json().application.version;
    const ret = await committee.post(`/api/committee/applications/${file.id}/return`, { version: v, reason: '附件遮盖不符合要求，请补充遮盖' });
    expect(ret.statusCode, ret.rawPayload.toString()).toBe(200);
    const d = (await file.applicant.get(`/api/applicant/applications/${file.id}`)).json();
    expect(d.problems.map((p: { code: string }) => p.code)).toContain('MASKING_NOT_DONE');
    const sub = await file.applicant.post(`/api/applicant/applications/${file.id}/submit`, { version: d.application.version });
    expect(sub.statusCode).toBe(422);
  });
});
