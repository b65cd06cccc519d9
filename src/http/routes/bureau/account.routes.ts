// 州人社局管理员: resets a user's password to a one-time password (issue 9). The administration
// pages of issue 10 will call the same endpoint.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resetPassword } from '../../../services/account.service';
import { ResetPasswordBody, ResetPasswordResult } from '../../schemas/auth.schema';
import { Problem } from '../../schemas/common.schema';
import { requireActor, requirePrefectureAdmin } from '../../plugins/session.plugin';

export async function bureauAccountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.addHook('onRequest', requirePrefectureAdmin('重置密码'));

  app.post(
    '/users/password-reset',
    {
      schema: {
        summary: '重置用户密码（一次性密码，首次登录须修改）',
        tags: ['bureau'],
        body: ResetPasswordBody,
        response: { 200: ResetPasswordResult, 403: Problem, 404: Problem },
      },
    },
    async (req) => resetPassword(ctx, requireActor(req).userId, req.body.username, req.ip),
  );
}
