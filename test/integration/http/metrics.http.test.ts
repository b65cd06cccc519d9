// Issue 13 item 3: queue depth and age for the committee office, and Prometheus metrics with request
// and job latencies for the operator's monitoring (never for the public).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../../src/jobs/queue';
import { Metrics } from '../../../src/http/metrics';
import { buildApp } from '../../../src/http/app';
import { JobRunner } from '../../../src/jobs/runner';
import { buildHandlers } from '../../../src/jobs/handlers';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs } from '../../support/http-client';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';

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

async function queueTen() {
  for (let i = 1; i <= 10; i++) await enqueue(sys.db, 'mask_detect', { attachmentId: 1000 + i }, { key: `mask_detect:${1000 + i}`, owner: 'application:77' });
  await enqueue(sys.db, 'return_deadline', { applicationId: 77, deadline: sys.clock.now().toISOString() }, { key: 'return_deadline:77', runAt: new Date(sys.clock.now().getTime() + 86_400_000) });
}

describe('the queue as the committee office sees it', () => {
  it('shows how many pages wait in each lane and for how long', async () => {
    // a job's queue time is the database's clock: bring the test clock to it
    sys.clock.set(new Date());
    await queueTen();
    sys.clock.advance(90_000);
    const c = await loginAs(sys.app, 'committee');
    const res = await c.get('/api/committee/queue');
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows as Array<Record<string, unknown>>;
    expect(rows).toContainEqual(expect.objectContaining({ lane: 0, name: 'mask_detect', queued: 10, running: 0, title: '自动检测遮盖区域' }));
    const detect = rows.find((r) => r.name === 'mask_detect')!;
    expect(detect.oldestWaitSeconds).toBeGreaterThanOrEqual(90);
    expect(rows).toContainEqual(expect.objectContaining({ lane: 1, name: 'return_deadline', queued: 0, scheduled: 1 }));
  });

  it('is for the committee office only', async () => {
    for (const who of [DEMO_APPLICANT_ID, 'unit', 'expert1']) {
      const c = await loginAs(sys.app, who);
      expect((await c.get('/api/committee/queue')).statusCode, who).toBe(403);
    }
  });
});

describe('/metrics', () => {
  it('gives request latency per route, job latency and the queue in Prometheus format to this machine', async () => {
    const metrics = new Metrics(sys.db, sys.clock.now);
    const app = await buildApp({ ctx: sys.ctx, metrics });
    try {
      await queueTen();
      await app.inject({ url: '/api/health', remoteAddress: '127.0.0.1' });
      // a job that settles through a runner wired to the same metrics
      await enqueue(sys.db, 'retention_sweep', {}, { key: 'retention_sweep:metrics-test' });
      const runner = new JobRunner({
        db: sys.db,
        handlers: buildHandlers(sys.services),
        now: sys.clock.now,
        names: ['retention_sweep'],
        onSettled: (job, outcome, s, w) => metrics.jobSettled(job.name, job.lane, w, s, outcome),
      });
      expect(await runner.drain()).toBe(1);
      const res = await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      const text = res.body;
      expect(text).toMatch(/zhiping_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} 1/);
      expect(text).toMatch(/zhiping_queue_jobs\{lane="0",name="mask_detect",state="queued"\} 10/);
      expect(text).toMatch(/zhiping_queue_jobs\{lane="1",name="return_deadline",state="scheduled"\} 1/);
      expect(text).toMatch(/zhiping_queue_oldest_wait_seconds\{lane="0",name="mask_detect"\} \d+/);
      expect(text).toMatch(/zhiping_job_duration_seconds_count\{name="retention_sweep",outcome="(success|skipped)"\} 1/);
      expect(text).toMatch(/zhiping_jobs_finished_total\{name="retention_sweep"/);
    } finally {
      await app.close();
    }
  });

  it('answers nobody else: another machine, a forwarded request, or a wrong token', async () => {
    const app = await buildApp({ ctx: sys.ctx });
    try {
      expect((await app.inject({ url: '/metrics', remoteAddress: '10.0.0.8' })).statusCode).toBe(403);
      expect((await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
    process.env.ZHIPING_METRICS_TOKEN = 'scrape-secret-1';
    const withToken = await buildApp({ ctx: sys.ctx });
    delete process.env.ZHIPING_METRICS_TOKEN;
    try {
      expect((await withToken.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(403);
      expect((await withToken.inject({ url: '/metrics', remoteAddress: '10.0.0.8', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(403);
      const ok = await withToken.inject({ url: '/metrics', remoteAddress: '10.0.0.8', headers: { authorization: 'Bearer scrape-secret-1' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('zhiping_process_');
    } finally {
      await withToken.close();
    }
  });
});
