// Browser-facing defences on every response and every state change: security headers (issue 9
// item 10) and a same-origin check against cross-site request forgery (item 9).
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { Refused } from '../../domain/errors';

/**
 * The built web app (web/dist) loads only its own module scripts and stylesheets: no inline script,
 * so script-src stays 'self'. Style attributes are allowed inline because Vue and Element Plus set
 * positions and sizes (popovers, tables, dialogs) as style attributes. Images are shown from our
 * own URLs, data: (icons) and blob: (previews of files being uploaded). The same policy suits the
 * Swagger UI under /api/docs, which also loads only its own files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // Never guess a type: an uploaded file is served only as what we say it is.
  'x-content-type-options': 'nosniff',
  // Our own pages still send a Referer to us (the CSRF check below may need it); other sites get none.
  'referrer-policy': 'same-origin',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_REFUSED = '请求来源不是本系统，已拒绝。请在本系统页面中操作；如由其他网站跳转而来，请直接打开本系统地址后重试';

/** host[:port] in lower case without the default ports, so `Host: x:80` equals `Origin: http://x`. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? normalHost(u.host) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a state-changing request may have come from a page of another site.
 *
 * The rule, in order:
 * 1. `Origin` present: its host (name and port) must be ours — the `Host` the request was sent to
 *    (a victim's browser always sends the real one; `X-Forwarded-Host` only counts when the proxy is
 *    trusted, see ZHIPING_TRUST_PROXY) or the host of ZHIPING_PUBLIC_URL. The scheme is not
 *    compared, because behind a TLS-terminating proxy the browser says https while we see http.
 *    `Origin: null` (sandboxed frames, privacy modes) is foreign.
 * 2. No `Origin` but a `Referer`: the same test on the Referer's host. Our pages send one to us
 *    (Referrer-Policy: same-origin).
 * 3. Neither: browsers send `Origin` with every cross-origin POST, so this is a script or an old
 *    browser. It is let through only with `Content-Type: application/json`, which no browser sends
 *    cross-origin without a CORS preflight, and this server never answers a preflight with
 *    `Access-Control-Allow-*`. A form post or a bodiless POST without either header is refused.
 */
export function isCrossSite(req: FastifyRequest, publicUrl = process.env.ZHIPING_PUBLIC_URL): boolean {
  const ours = new Set([normalHost(req.host)]);
  const publicHost = publicUrl ? hostOf(publicUrl) : null;
  if (publicHost) ours.add(publicHost);
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const host = hostOf(origin);
    return host === null || !ours.has(host);
  }
  const referer = req.headers.referer;
  if (referer !== undefined) {
    const host = hostOf(referer);
    return host === null || !ours.has(host);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type !== 'application/json';
}

export const securityPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (req) => {
      if (!SAFE_METHODS.has(req.method) && isCrossSite(req)) {
        req.log.warn({ origin: req.headers.origin, referer: req.headers.referer, url: req.url }, 'cross-site request refused');
        throw new Refused('FORBIDDEN', CSRF_REFUSED);
      }
    });
    app.addHook('onSend', async (_req, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
      return payload;
    });
  },
  { name: 'security', dependencies: ['problem'] },
);
