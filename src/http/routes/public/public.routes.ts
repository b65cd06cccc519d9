// Routes open to everyone (registration, login) or to any signed-in user (me, catalog).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { login, logout, register, loadActor, type SessionUser } from '../../../services/auth.service';
import { getCatalog } from '../../../services/catalog.service';
import { loginNotice } from '../../../services/integrity.service';
import { ROLE_LABELS } from '../../../domain/access';
import { SESSION_ABSOLUTE_MS } from '../../../domain/account-security';
import { Catalog, LoginBody, RegisterAccepted, RegisterBody, Session, SessionProbe } from '../../schemas/auth.schema';
import { NoContent, Problem } from '../../schemas/common.schema';
import { requireActor, SESSION_COOKIE } from '../../plugins/session.plugin';

export function userView(u: SessionUser) {
  return {
    id: u.userId,
    username: u.username,
    displayName: u.displayName,
    mustChangePassword: u.isPasswordTemporary,
    // a county bureau's administrator is not the 州人社局管理员 (access.ts isPrefectureAdmin)
    roles: u.memberships.map((m) => ({ ...m, roleLabel: m.role === 'bureau_admin' && m.organisationKind === 'county_bureau' ? '县（市）人社局管理员' : ROLE_LABELS[m.role] })),
  };
}

export const cookieOptions = (req: FastifyRequest) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: req.protocol === 'https',
  maxAge: SESSION_ABSOLUTE_MS / 1000,
});

export async function publicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;

  app.post(
    '/auth/register',
    {
      schema: {
        summary: '申报人注册（是否已注册都答同一句话，不登录；随后用身份证号和密码登录）',
        tags: ['auth'],
        body: RegisterBody,
        response: { 202: RegisterAccepted, 422: Problem },
      },
    },
    async (req, reply) => reply.code(202).send(await register(ctx, req.body, req.ip)),
  );

  app.post(
    '/auth/login',
    { schema: { summary: '登录', tags: ['auth'], body: LoginBody, response: { 200: Session, 401: Problem, 403: Problem, 429: Problem } } },
    async (req, reply) => {
      const { token, userId } = await login(ctx, req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(req));
      return { user: userView((await loadActor(ctx.db, userId))!), integrityBan: await loginNotice(ctx.db, userId, ctx.now()) };
    },
  );

  app.post('/auth/logout', { schema: { summary: '退出登录', tags: ['auth'], response: { 204: NoContent } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/me', { schema: { summary: '当前用户', tags: ['auth'], response: { 200: Session, 401: Problem } } }, async (req) => {
    const actor = requireActor(req);
    return { user: userView(actor), integrityBan: await loginNotice(ctx.db, actor.userId, ctx.now()) };
  });

  // Issue 11: a page opened signed out asks who is signed in; "nobody" is a 200, so the browser
  // logs no failed request (a 401 shows as an error in the console).
  app.get('/auth/session', { schema: { summary: '当前会话（未登录时 user 为 null）', tags: ['auth'], response: { 200: SessionProbe } } }, async (req) => {
    return { user: req.actor ? userView(req.actor) : null, integrityBan: req.actor ? await loginNotice(ctx.db, req.actor.userId, ctx.now()) : null };
  });

  app.get('/catalog', { schema: { summary: '评审年度、系列专业、级别、推荐单位', tags: ['catalog'], response: { 200: Catalog, 401: Problem } } }, async (req) => {
    requireActor(req);
    return getCatalog(ctx);
  });
}
