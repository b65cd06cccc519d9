// Issue 9 item 10: the API document names every route and field, so outside demo mode only a
// signed-in user (any role) reads it; in demo mode it stays open, as the README promises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs } from '../../support/http-client';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem(); // no demo mode, as in production
});
afterAll(async () => {
  await sys.close();
});

const DOC_URLS = ['/api/docs', '/api/docs/json', '/api/docs/yaml', '/api/docs/static/index.html'];

describe('the API document (/api/docs)', () => {
  it('answers 401 without a session outside demo mode, as problem+json', async () => {
    for (const url of DOC_URLS) {
      const res = await sys.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
      expect(res.json().code, url).toBe('UNAUTHENTICATED');
    }
  });

  it('serves it to any signed-in role', async () => {
    for (const who of ['unit', 'expert1', 'finance', 'bureau']) {
      const c = await loginAs(sys.app, who);
      const res = await c.get('/api/docs/json');
      expect(res.statusCode, who).toBe(200);
      expect(Object.keys(res.json().paths)).toContain('/api/auth/register');
      expect((await c.get('/api/docs')).statusCode, who).not.toBe(401);
    }
  });

  it('stays open in demo mode', async () => {
    const demo = await buildApp({ ctx: sys.ctx, demo: { password: DEMO_PASSWORD, accounts: [] } });
    try {
      const res = await demo.inject({ url: '/api/docs/json' });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json().paths)).toContain('/api/health');
    } finally {
      await demo.close();
    }
  });
});
