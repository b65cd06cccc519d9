// Every /api route declares a response schema for each success status (STYLE §6): Fastify then
// serialises only declared fields, the web takes its types from the same schemas, and an expert
// view cannot carry a field nobody declared. Read from the OpenAPI document the app publishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

interface OpenApiResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
type OpenApiDoc = { paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A declared 2xx answer: a body schema, or a 204 that by definition has none. */
function declaresSuccess(responses: Record<string, OpenApiResponse> | undefined): boolean {
  return Object.entries(responses ?? {}).some(([status, r]) => /^2\d\d$/.test(status) && (status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined)));
}

describe('route schemas', () => {
  it('declares a 2xx response schema on every /api route', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as OpenApiDoc;
    const routes: string[] = [];
    const missing: string[] = [];
    for (const [url, ops] of Object.entries(doc.paths)) {
      if (!url.startsWith('/api/') || url.startsWith('/api/docs')) continue;
      for (const method of METHODS) {
        const op = ops[method];
        if (!op) continue;
        routes.push(`${method.toUpperCase()} ${url}`);
        if (!declaresSuccess(op.responses)) missing.push(`${method.toUpperCase()} ${url}`);
      }
    }
    expect(routes.length).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  });
});
