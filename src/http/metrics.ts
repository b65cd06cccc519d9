// Prometheus metrics at /metrics (issue 13 item 3): request latency per route, job latency per job
// name and outcome, and the queue's depth and age read from the database at each scrape, so every
// process reports the shared queue. One registry per app: two apps in one test never collide.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { queueStats } from '../jobs/queue';

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'zhiping_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'zhiping_job_duration_seconds',
    help: 'Job run time by job name and outcome',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly jobWait = new Histogram({
    name: 'zhiping_job_wait_seconds',
    help: 'Time from a job being due to being claimed, by lane',
    labelNames: ['lane', 'name'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly jobsFinished = new Counter({
    name: 'zhiping_jobs_finished_total',
    help: 'Jobs finished by this process',
    labelNames: ['name', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(db: Kysely<DB>, now: () => Date) {
    collectDefaultMetrics({ register: this.registry, prefix: 'zhiping_process_' });
    // prom-client collects gauges concurrently: each reads the queue itself
    new Gauge({
      name: 'zhiping_queue_jobs',
      help: 'Jobs in the shared queue by lane, job name and state (queued = due and waiting)',
      labelNames: ['lane', 'name', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await queueStats(db, now())) {
          const l = { lane: String(r.lane), name: r.name };
          this.set({ ...l, state: 'queued' }, r.queued);
          this.set({ ...l, state: 'scheduled' }, r.scheduled);
          this.set({ ...l, state: 'running' }, r.running);
        }
      },
    });
    new Gauge({
      name: 'zhiping_queue_oldest_wait_seconds',
      help: 'How long the longest-waiting due job has waited, by lane and job name',
      labelNames: ['lane', 'name'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await queueStats(db, now())) this.set({ lane: String(r.lane), name: r.name }, r.oldestWaitSeconds);
      },
    });
  }

  /** Called by the job runner when a job settles. */
  jobSettled(name: string, lane: number, waitedSeconds: number, seconds: number, outcome: string): void {
    this.jobDuration.observe({ name, outcome }, seconds);
    this.jobWait.observe({ lane: String(lane), name }, Math.max(0, waitedSeconds));
    this.jobsFinished.inc({ name, outcome });
  }
}

/**
 * Registers the request timer and GET /metrics. The scrape is for the operator's monitoring, not the
 * public: with ZHIPING_METRICS_TOKEN it needs `Authorization: Bearer <token>`; without, only a
 * client on this machine (loopback) is answered.
 */
export function metricsRoutes(app: FastifyInstance, metrics: Metrics, token = process.env.ZHIPING_METRICS_TOKEN): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, token)) {
      return reply.code(403).type('application/problem+json').send({
        type: '/problems/forbidden', title: '无权访问', status: 403, code: 'FORBIDDEN', detail: '监控指标仅供本机或持有 ZHIPING_METRICS_TOKEN 的监控系统读取',
      });
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  if (token) return req.headers.authorization === `Bearer ${token}`;
  // req.ip is the client behind a trusted proxy; a forwarded request is never "this machine",
  // even when a proxy on this machine forgot to be declared trusted
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  return req.ip === '127.0.0.1' || req.ip === '::1' || req.ip === '::ffff:127.0.0.1';
}
