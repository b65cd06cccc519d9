// Login-then-inject helper (fastify/demo test/helper.ts style) with multipart uploads.
import type { App } from '../../src/http/app';
import { DEMO_PASSWORD } from '../../src/db/seed';

export interface Client {
  cookie: string;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  put(url: string, body?: unknown): Promise<Res>;
  del(url: string): Promise<Res>;
  upload(url: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }): Promise<Res>;
}
export interface Res {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): any;
  rawPayload: Buffer;
}

export function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }) {
  const boundary = `----zhiping${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: ${file.type ?? 'image/jpeg'}\r\n\r\n`,
    ),
  );
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What a browser on our own page sends with every state change (the CSRF check reads it). */
export const SAME_ORIGIN = { origin: 'http://localhost' };

export function clientFor(app: App, cookie = ''): Client {
  const headers = () => (cookie ? { cookie } : {});
  const changeHeaders = () => ({ ...headers(), ...SAME_ORIGIN });
  const c: Client = {
    get cookie() {
      return cookie;
    },
    set cookie(v: string) {
      cookie = v;
    },
    get: (url) => app.inject({ method: 'GET', url, headers: headers() }) as Promise<Res>,
    post: (url, body) => app.inject({ method: 'POST', url, headers: changeHeaders(), ...(body !== undefined ? { payload: body as object } : {}) }) as Promise<Res>,
    put: (url, body) => app.inject({ method: 'PUT', url, headers: changeHeaders(), payload: body as object }) as Promise<Res>,
    del: (url) => app.inject({ method: 'DELETE', url, headers: changeHeaders() }) as Promise<Res>,
    upload: (url, fields, file) => {
      const { payload, contentType } = multipart(fields, file);
      return app.inject({ method: 'POST', url, headers: { ...changeHeaders(), 'content-type': contentType }, payload }) as Promise<Res>;
    },
  };
  return c;
}

function sessionCookie(res: Res): string {
  const set = res.headers['set-cookie'];
  const list = Array.isArray(set) ? set : [set];
  const c = list.find((s) => typeof s === 'string' && s.startsWith('zp_session='));
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.rawPayload.toString()})`);
  return (c as string).split(';')[0];
}

export async function loginAs(app: App, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })) as Res;
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.rawPayload.toString()}`);
  return clientFor(app, sessionCookie(res));
}

/**
 * Registers (always the same neutral 202, no session: issue 9 item 4), then signs in as the register
 * page does; `client` is null when that sign-in fails (the ID number had an account already).
 */
export async function registerApplicant(app: App, input: { idNumber: string; name: string; mobile?: string; password?: string }) {
  const password = input.password ?? 'Secret#2026';
  const res = (await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { mobile: '13800138000', ...input, password },
  })) as Res;
  if (res.statusCode !== 202) return { res, client: null };
  const login = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: input.idNumber, password } })) as Res;
  return { res, client: login.statusCode === 200 ? clientFor(app, sessionCookie(login)) : null };
}
