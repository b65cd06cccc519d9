// Reads the httpOnly session cookie and puts the signed-in actor on the request.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGES, Refused } from '../../domain/errors';
import { actorFromToken, type SessionUser } from '../../services/auth.service';
import { type Role, whyNotPrefectureAdmin } from '../../domain/access';

export const SESSION_COOKIE = 'zp_session';

/** Routes a session with a one-time password may call: who am I, change it, leave. */
const ALLOWED_WITH_TEMPORARY_PASSWORD = new Set(['GET /api/me', 'GET /api/auth/session', 'POST /api/auth/password', 'POST /api/auth/logout', 'POST /api/auth/login', 'GET /api/health']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: SessionUser | null;
  }
}

export const sessionPlugin = fp(
  async (app) => {
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) req.actor = await actorFromToken(app.ctx.db, token, app.ctx.now());
      // A one-time password (first administrator, reset) opens only the password change.
      if (req.actor?.isPasswordTemporary && req.url.startsWith('/api/') && !ALLOWED_WITH_TEMPORARY_PASSWORD.has(`${req.method} ${req.routeOptions.url}`)) {
        throw new Refused('PASSWORD_CHANGE_REQUIRED', MESSAGES.passwordChangeRequired);
      }
    });
  },
  { name: 'session', dependencies: ['problem'] },
);

export function requireActor(req: FastifyRequest): SessionUser {
  if (!req.actor) throw new Refused('UNAUTHENTICATED', MESSAGES.unauthenticated);
  return req.actor;
}

/** onRequest hook for the shared route group: any signed-in user (the services check each resource). */
export async function requireSignedIn(req: FastifyRequest, _reply: FastifyReply) {
  requireActor(req);
}

/** onRequest hook for a role's route group: signed in and holding the role somewhere. */
export function requireRole(...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const actor = requireActor(req);
    if (!actor.memberships.some((m) => roles.includes(m.role))) {
      throw new Refused('FORBIDDEN', '当前账号没有此功能的权限');
    }
  };
}

/**
 * onRequest hook for the prefecture bureau's route groups (系统管理, dashboard, password reset):
 * `bureau_admin` at the prefecture bureau; a county bureau's administrator is refused (access.ts).
 */
export function requirePrefectureAdmin(what: string) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const why = whyNotPrefectureAdmin(requireActor(req), what);
    if (why) throw new Refused(why.code, why.message);
  };
}
