// The route table as a whole, read from the OpenAPI document the app publishes. Every /api route
// declares a response schema for each success status (STYLE §6): Fastify then serialises only
// declared fields, the web takes its types from the same schemas, and an expert view cannot carry
// a field nobody declared. Every role folder is a group whose hook requires its role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, SAME_ORIGIN } from '../../support/http-client';

let sys: TestSystem;
let doc: OpenApiDoc;

beforeAll(async () => {
  sys = await createTestSystem();
  // outside demo mode the document needs a session (issue 9 item 10); any role will do
  const res = await (await loginAs(sys.app, 'unit')).get('/api/docs/json');
  expect(res.statusCode).toBe(200);
  doc = res.json() as OpenApiDoc;
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

/** Every /api operation, with its path parameters filled in (hooks run before validation). */
function operations(): Array<{ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; path: string }> {
  const out: Array<{ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; path: string }> = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const m of METHODS) if (ops[m]) out.push({ method: m.toUpperCase() as never, url: path.replace(/\{[^}]+\}/g, '1'), path });
  }
  return out;
}

const PUBLIC = [/^\/api\/health$/, /^\/api\/auth\//, /^\/api\/public\//];

describe('route groups', () => {
  it('answers 401 without a session on every route outside the public group', async () => {
    const open: string[] = [];
    for (const op of operations()) {
      if (PUBLIC.some((re) => re.test(op.path))) continue;
      // same-origin, as the web app sends it: the cross-site check must not be what answers
      const res = await sys.app.inject({ method: op.method, url: op.url, headers: SAME_ORIGIN });
      if (res.statusCode !== 401) open.push(`${op.method} ${op.path} → ${res.statusCode}`);
    }
    expect(open).toEqual([]);
  });

  it("answers 403 on every route of a role's group to a user without that role", async () => {
    const expert = await loginAs(sys.app, 'expert1');
    const unit = await loginAs(sys.app, 'unit');
    const finance = await loginAs(sys.app, 'finance');
    const outsiders: Array<[RegExp, string, string]> = [
      [/^\/api\/applicant\//, expert.cookie, 'expert1'],
      [/^\/api\/unit\//, expert.cookie, 'expert1'],
      [/^\/api\/competent\//, expert.cookie, 'expert1'],
      [/^\/api\/committee\//, expert.cookie, 'expert1'],
      [/^\/api\/bureau\//, expert.cookie, 'expert1'],
      [/^\/api\/bureau\/(dashboard|certificates)/, finance.cookie, 'finance'],
      [/^\/api\/admin\//, finance.cookie, 'finance'],
      [/^\/api\/admin\//, unit.cookie, 'unit'],
      [/^\/api\/expert\//, unit.cookie, 'unit'],
    ];
    const open: string[] = [];
    let checked = 0;
    for (const op of operations()) {
      for (const [re, cookie, who] of outsiders) {
        if (!re.test(op.path)) continue;
        checked++;
        const res = await sys.app.inject({ method: op.method, url: op.url, headers: { cookie, ...SAME_ORIGIN } });
        if (res.statusCode !== 403) open.push(`${who}: ${op.method} ${op.path} → ${res.statusCode}`);
      }
    }
    expect(checked).toBeGreaterThan(70);
    expect(open).toEqual([]);
  });
});
