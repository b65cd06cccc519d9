// Issue 9 items 9 and 10: security headers on every response, and state changes refused when they
// come from another site's page (CSRF), while our own pages and JSON API clients keep working.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, type Client, type Res } from '../../support/http-client';
import { CONTENT_SECURITY_POLICY } from '../../../src/http/plugins/security.plugin';

let sys: TestSystem;
let unit: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  unit = await loginAs(sys.app, 'unit');
});
afterAll(async () => {
  await sys.close();
});
afterEach(() => {
  delete process.env.ZHIPING_PUBLIC_URL;
});

function expectSecurityHeaders(res: Res) {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
}

describe('security headers', () => {
  it('are on answers, errors and refusals alike', async () => {
    expectSecurityHeaders((await sys.app.inject({ url: '/api/health' })) as Res);
    expectSecurityHeaders((await sys.app.inject({ url: '/api/applicant/applications' })) as Res);
    expectSecurityHeaders((await sys.app.inject({ url: '/api/no-such-thing' })) as Res);
    expectSecurityHeaders(await unit.get('/api/unit/applications'));
  });

  it('allow the web app: its index.html has no inline script the CSP would block', () => {
    for (const file of ['web/index.html', 'web/dist/index.html']) {
      if (!fs.existsSync(file)) continue;
      const html = fs.readFileSync(file, 'utf8');
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `${file}: ${tag}`).toMatch(/\ssrc=/);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data: blob:");
  });
});

describe('cross-site request forgery', () => {
  const logout = (headers: Record<string, string>) =>
    sys.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: unit.cookie, ...headers } }) as Promise<Res>;

  async function expectRefused(res: Res) {
    expect(res.statusCode, res.rawPayload.toString()).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(res.json().detail).toContain('请求来源不是本系统');
    // the session survived the forged logout
    expect((await unit.get('/api/me')).statusCode).toBe(200);
  }

  it('refuses a bodiless POST from a foreign Origin', async () => {
    await expectRefused(await logout({ origin: 'http://evil.example' }));
  });

  it('refuses a text/plain form post from a foreign Origin', async () => {
    await expectRefused(await logout({ origin: 'https://evil.example', 'content-type': 'text/plain' }));
  });

  it('refuses Origin: null', async () => {
    await expectRefused(await logout({ origin: 'null' }));
  });

  it('refuses a foreign Referer when there is no Origin', async () => {
    await expectRefused(await logout({ referer: 'http://evil.example/page.html' }));
  });

  it('refuses a bodiless or form POST with neither Origin nor Referer', async () => {
    await expectRefused(await logout({}));
    await expectRefused(await logout({ 'content-type': 'application/x-www-form-urlencoded' }));
  });

  it('refuses a multipart upload from a foreign Origin before reading it', async () => {
    const res = (await sys.app.inject({
      method: 'POST',
      url: '/api/applicant/applications/1/attachments',
      headers: { cookie: unit.cookie, origin: 'http://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    })) as Res;
    expect(res.statusCode).toBe(403);
  });

  it('accepts our own origin (the Host the request came to), with or without the default port', async () => {
    const res = (await sys.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: unit.cookie, origin: 'http://localhost' },
    })) as Res;
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    const other = (await sys.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: unit.cookie, host: 'zhiping.example.cn:8443', referer: 'https://zhiping.example.cn:8443/unit/files' },
    })) as Res;
    expect(other.statusCode, other.rawPayload.toString()).toBe(200);
  });

  it('accepts the configured public URL as our origin', async () => {
    process.env.ZHIPING_PUBLIC_URL = 'https://zc.example.gov.cn/';
    const res = (await sys.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: unit.cookie, host: '10.0.0.5:3000', origin: 'https://zc.example.gov.cn' },
    })) as Res;
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
  });

  it('lets a JSON API client without Origin or Referer through', async () => {
    const res = (await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'unit', password: 'wrong' } })) as Res;
    expect(res.statusCode).toBe(401);
  });

  it('never answers a CORS preflight with permission', async () => {
    const res = (await sys.app.inject({
      method: 'OPTIONS',
      url: '/api/auth/logout',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })) as Res;
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
