// 推荐单位负责人 (issue 10): manages the reviewer accounts (推荐单位审核员) of the unit they lead —
// create, deactivate, reset the password. The rules are the administrator's (src/domain/administration.ts):
// a unit leader reaches only their own unit's reviewers and grants nothing above 审核员.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createAccount, listAccounts, resetAccountPassword, setAccountActive } from '../../../services/user-admin.service';
import { requireActor, requireRole } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { ResetPasswordResult } from '../../schemas/auth.schema';
import { AccountChanged, AccountCreated, AccountList, ActiveBody, CreateReviewerBody } from '../../schemas/administration.schema';

export async function reviewerAccountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.addHook('onRequest', requireRole('unit_leader'));
  const tags = ['unit'];
  const errors = { 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  app.get('/reviewers', { schema: { summary: '本单位审核员账号', tags, response: { 200: AccountList, 403: Problem } } }, async (req) => ({
    items: await listAccounts(ctx, requireActor(req)),
  }));
  app.post(
    '/reviewers',
    { schema: { summary: '新建本单位审核员账号（返回一次性密码）', tags, body: CreateReviewerBody, response: { 201: AccountCreated, ...errors } } },
    async (req, reply) => {
      const { organisationId, ...person } = req.body;
      return reply.code(201).send(await createAccount(ctx, requireActor(req), { ...person, memberships: [{ role: 'unit_reviewer', organisationId }] }, { ip: req.ip }));
    },
  );
  app.post(
    '/reviewers/:id/active',
    { schema: { summary: '停用或启用本单位审核员账号', tags, params: IdParams, body: ActiveBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => setAccountActive(ctx, requireActor(req), req.params.id, req.body.active, { ip: req.ip }),
  );
  app.post(
    '/reviewers/:id/password-reset',
    { schema: { summary: '重置本单位审核员的密码为一次性密码', tags, params: IdParams, response: { 200: ResetPasswordResult, ...errors } } },
    async (req) => resetAccountPassword(ctx, requireActor(req), req.params.id, { ip: req.ip }),
  );
}
