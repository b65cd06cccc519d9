// Issue 9 item 7: a client cannot choose the host printed in certificate links nor the address
// written to the audit log, unless the server was told to trust the proxy in front of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/http/app';
import { ownOrigin } from '../../../src/http/own-origin';
import { requestOrigin } from '../../../src/http/plugins/file-replies';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await sys.close();
});

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '6.6.6.6' };

/** The app as the server builds it, plus one route that shows what a handler would see. */
async function appWith(trustProxy?: false | string[]) {
  const app: FastifyInstance = await buildApp({ ctx: sys.ctx, trustProxy });
  app.get('/api/probe', async (req) => ({ ip: req.ip, certificateOrigin: requestOrigin(req) }));
  await app.ready();
  return app;
}

async function lastLoginIp(): Promise<string | null> {
  const row = await sys.db.selectFrom('auditLog').select('ip').where('action', '=', 'login').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.ip;
}

describe('without ZHIPING_TRUST_PROXY', () => {
  it('writes the connecting address to the audit log, not X-Forwarded-For', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', headers: FORGED, payload: { username: 'unit', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(await lastLoginIp()).toBe('127.0.0.1');
  });

  it('prints its own address in certificate links, not a forged Host or X-Forwarded-Host', async () => {
    const app = await appWith();
    const seen = (await app.inject({ url: '/api/probe', headers: FORGED })).json();
    expect(seen.ip).toBe('127.0.0.1');
    expect(seen.certificateOrigin).not.toContain('evil.example');
    expect(seen.certificateOrigin).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?$/);
    await app.close();
  });

  it('uses ZHIPING_PUBLIC_URL for the link when it is set', async () => {
    const app = await appWith();
    process.env.ZHIPING_PUBLIC_URL = 'https://zc.example.gov.cn/';
    try {
      expect((await app.inject({ url: '/api/probe', headers: FORGED })).json().certificateOrigin).toBe('https://zc.example.gov.cn');
    } finally {
      delete process.env.ZHIPING_PUBLIC_URL;
      await app.close();
    }
  });
});

describe('behind a proxy named in ZHIPING_TRUST_PROXY', () => {
  it('believes the forwarded client address and host from that proxy only', async () => {
    const app = await appWith(['127.0.0.1']);
    const seen = (await app.inject({ url: '/api/probe', headers: { 'x-forwarded-host': 'zc.example.gov.cn', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } })).json();
    expect(seen).toEqual({ ip: '203.0.113.7', certificateOrigin: 'https://zc.example.gov.cn' });
    const fromElsewhere = (await app.inject({ url: '/api/probe', remoteAddress: '198.51.100.9', headers: FORGED })).json();
    expect(fromElsewhere.ip).toBe('198.51.100.9');
    expect(fromElsewhere.certificateOrigin).not.toContain('evil.example');
    await app.close();
  });
});

describe('ownOrigin', () => {
  it('brackets an IPv6 address and drops the IPv4-mapped prefix', () => {
    const fake = (localAddress: string) =>
      ({ server: { isTrustedProxy: () => false, server: { address: () => null } }, socket: { localAddress, localPort: 3000 }, protocol: 'http', host: 'evil.example' }) as never;
    expect(ownOrigin(fake('::1'), '')).toBe('http://[::1]:3000');
    expect(ownOrigin(fake('::ffff:10.1.2.3'), '')).toBe('http://10.1.2.3:3000');
  });
});
