// The signed-in user's own password, and the demo accounts the login page may offer (issue 9).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { changePassword } from '../../../services/account.service';
import { loadActor } from '../../../services/auth.service';
import { ChangePasswordBody, DemoInfo, UserView } from '../../schemas/auth.schema';
import { Problem } from '../../schemas/common.schema';
import { requireActor, SESSION_COOKIE } from '../../plugins/session.plugin';
import { cookieOptions, userView } from './public.routes';

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;

  app.post(
    '/auth/password',
    {
      schema: {
        summary: '修改密码（一次性密码登录后须先修改）',
        tags: ['auth'],
        body: ChangePasswordBody,
        response: { 200: Type.Object({ user: UserView }), 401: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { token } = await changePassword(ctx, actor.userId, req.body, req.ip);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(req));
      return { user: userView((await loadActor(ctx.db, actor.userId))!) };
    },
  );

  // Never lists anything outside demo mode (ZHIPING_DEMO=1 on the embedded database).
  app.get('/auth/demo', { schema: { summary: '演示账号（仅演示模式）', tags: ['auth'], response: { 200: DemoInfo } } }, async () =>
    app.demo ? { demo: true, password: app.demo.password, accounts: app.demo.accounts } : { demo: false, password: null, accounts: [] },
  );
}
