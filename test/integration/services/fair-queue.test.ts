// Issue 13 item 3: an applicant waiting for one page does not wait behind another applicant's 30;
// detections and burns come before deadlines, and background re-checks after both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimJob, enqueue, enqueueAll, finishJob } from '../../../src/jobs/queue';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await sys.close();
});
beforeEach(async () => {
  await sys.db.deleteFrom('job').execute();
});

/** Claims (and finishes) every due job, returning `name:data` in claim order. */
async function claimAll(): Promise<string[]> {
  const order: string[] = [];
  for (;;) {
    const j = await claimJob(sys.db, 'test-worker', sys.clock.now());
    if (!j) return order;
    order.push(`${j.name}:${JSON.stringify(j.data)}`);
    await finishJob(sys.db, j.id, null);
  }
}

describe('the fair job queue', () => {
  it("takes a second applicant's single page right after the first applicant's page in progress, not after all 30", async () => {
    for (let i = 1; i <= 30; i++) await enqueue(sys.db, 'mask_detect', { attachmentId: i }, { key: `mask_detect:${i}`, owner: 'application:1' });
    // the first applicant's first page is being detected when the second applicant uploads
    const first = await claimJob(sys.db, 'w', sys.clock.now());
    expect(first?.data).toEqual({ attachmentId: 1 });
    await enqueue(sys.db, 'mask_detect', { attachmentId: 101 }, { key: 'mask_detect:101', owner: 'application:2' });
    const next = await claimJob(sys.db, 'w', sys.clock.now());
    expect(next?.data).toEqual({ attachmentId: 101 });
  });

  it('alternates between applicants who both queued many pages', async () => {
    for (let i = 1; i <= 3; i++) await enqueue(sys.db, 'mask_detect', { attachmentId: i }, { key: `mask_detect:${i}`, owner: 'application:1' });
    for (let i = 11; i <= 13; i++) await enqueue(sys.db, 'mask_detect', { attachmentId: i }, { key: `mask_detect:${i}`, owner: 'application:2' });
    const ids = (await claimAll()).map((s) => Number(/"attachmentId":(\d+)/.exec(s)![1]));
    expect(ids).toEqual([1, 11, 2, 12, 3, 13]);
  });

  it('runs interactive work first, deadlines next and background re-checks last, whatever the order queued', async () => {
    const now = sys.clock.now();
    await enqueue(sys.db, 'mask_detect', { attachmentId: 7 }, { key: 'mask_detect:7', owner: 'application:3', lane: 'batch', runAt: now });
    await enqueue(sys.db, 'return_deadline', { applicationId: 3, deadline: now.toISOString() }, { key: 'return_deadline:3', runAt: now });
    await enqueue(sys.db, 'mask_burn', { attachmentId: 8 }, { key: 'mask_burn:8', owner: 'application:4' });
    const order = (await claimAll()).map((s) => s.split(':')[0]);
    expect(order).toEqual(['mask_burn', 'return_deadline', 'mask_detect']);
  });

  it('does not count a re-queued job against its own owner', async () => {
    await enqueue(sys.db, 'mask_detect', { attachmentId: 1 }, { key: 'mask_detect:1', owner: 'application:1' });
    await enqueue(sys.db, 'mask_detect', { attachmentId: 1 }, { key: 'mask_detect:1', owner: 'application:1' });
    const row = await sys.db.selectFrom('job').select(['fairRank', 'lane']).where('key', '=', 'mask_detect:1').executeTakeFirstOrThrow();
    expect(row).toEqual({ fairRank: 0, lane: 0 });
  });

  it('queues several jobs in one statement as one at a time would, and re-arms a finished one with its new data', async () => {
    await enqueue(sys.db, 'mask_detect', { attachmentId: 1 }, { key: 'mask_detect:1', owner: 'application:1' });
    const done = await claimJob(sys.db, 'w', sys.clock.now());
    await finishJob(sys.db, done!.id, null);
    const later = new Date(sys.clock.now().getTime() + 3600_000);
    await enqueueAll(sys.db, [
      { name: 'make_thumbnail', data: { attachmentId: 2 }, key: 'make_thumbnail:2' },
      { name: 'mask_detect', data: { attachmentId: 2 }, key: 'mask_detect:2', owner: 'application:1' },
      { name: 'mask_detect', data: { attachmentId: 1, again: true } as never, key: 'mask_detect:1', owner: 'application:1', runAt: later },
    ]);
    const rows = await sys.db.selectFrom('job').select(['key', 'status', 'lane', 'owner', 'fairRank', 'data', 'runAt']).orderBy('key').execute();
    expect(rows.map(({ runAt, ...r }) => ({ ...r, later: new Date(runAt).getTime() === later.getTime() }))).toEqual([
      { key: 'make_thumbnail:2', status: 'queued', lane: 2, owner: null, fairRank: 0, data: { attachmentId: 2 }, later: false },
      { key: 'mask_detect:1', status: 'queued', lane: 0, owner: 'application:1', fairRank: 0, data: { attachmentId: 1, again: true }, later: true },
      { key: 'mask_detect:2', status: 'queued', lane: 0, owner: 'application:1', fairRank: 0, data: { attachmentId: 2 }, later: false },
    ]);
    // interactive detection first, the thumbnail (batch) after it; the re-armed one is not yet due
    expect(await claimAll()).toEqual(['mask_detect:{"attachmentId":2}', 'make_thumbnail:{"attachmentId":2}']);
  });

  it('leaves a job not yet due where it is', async () => {
    const later = new Date(sys.clock.now().getTime() + 3600_000);
    await enqueue(sys.db, 'mask_burn', { attachmentId: 9 }, { key: 'mask_burn:9', owner: 'application:9', runAt: later });
    expect(await claimJob(sys.db, 'w', sys.clock.now())).toBeNull();
  });
});
