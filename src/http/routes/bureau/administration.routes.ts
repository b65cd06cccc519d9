// 州人社局管理员 › 系统管理 (issue 10): organisations as a tree, staff accounts and their roles, the
// expert pool per committee, and bulk import from the Excel templates offered here.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Refused } from '../../../domain/errors';
import { createOrganisation, deleteOrganisation, listOrganisations, setOrganisationActive, updateOrganisation } from '../../../services/organisation-admin.service';
import {
  createAccount,
  createExpert,
  grantMembership,
  listAccounts,
  listExperts,
  resetAccountPassword,
  revokeMembership,
  setAccountActive,
  setExpertProfile,
} from '../../../services/user-admin.service';
import { IMPORT_MAX_BYTES, importFile, importTemplate } from '../../../services/admin-import.service';
import { requireActor, requirePrefectureAdmin } from '../../plugins/session.plugin';
import { readForm } from '../../plugins/read-form';
import { sendXlsx } from '../../plugins/file-replies';
import { fileResponse, IdParams, MIME, NoContent, Problem } from '../../schemas/common.schema';
import { ResetPasswordResult } from '../../schemas/auth.schema';
import {
  AccountChanged,
  AccountCreated,
  AccountList,
  AccountQuery,
  ActiveBody,
  CreateAccountBody,
  CreateExpertBody,
  CreateOrganisationBody,
  ExpertList,
  ExpertProfileBody,
  ExpertQuery,
  ImportKindParams,
  ImportResult,
  MembershipBody,
  OrganisationList,
  RevokeMembershipBody,
  UpdateOrganisationBody,
} from '../../schemas/administration.schema';

export async function administrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.addHook('onRequest', requirePrefectureAdmin('管理组织机构、人员账号和专家库'));
  const tags = ['admin'];
  const errors = { 403: Problem, 404: Problem, 409: Problem, 422: Problem };
  const meta = (req: { ip: string }) => ({ ip: req.ip });

  // ── Organisations ──
  app.get('/admin/organisations', { schema: { summary: '组织机构（全部单位，含停用）', tags, response: { 200: OrganisationList, 403: Problem } } }, async (req) => ({
    items: await listOrganisations(ctx, requireActor(req)),
  }));
  app.post(
    '/admin/organisations',
    { schema: { summary: '新建单位', tags, body: CreateOrganisationBody, response: { 201: AccountChanged, ...errors } } },
    async (req, reply) => reply.code(201).send(await createOrganisation(ctx, requireActor(req), req.body, meta(req))),
  );
  app.put(
    '/admin/organisations/:id',
    { schema: { summary: '修改单位：改名、移动（更换上级单位）、简称/别名', tags, params: IdParams, body: UpdateOrganisationBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => updateOrganisation(ctx, requireActor(req), req.params.id, req.body, meta(req)),
  );
  app.post(
    '/admin/organisations/:id/active',
    { schema: { summary: '停用或启用单位（停用后不能再选用，已有材料不受影响）', tags, params: IdParams, body: ActiveBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => setOrganisationActive(ctx, requireActor(req), req.params.id, req.body.active, meta(req)),
  );
  app.delete(
    '/admin/organisations/:id',
    { schema: { summary: '删除误建的单位（有申报材料、人员或下级单位的不能删除）', tags, params: IdParams, response: { 204: NoContent, ...errors } } },
    async (req, reply) => {
      await deleteOrganisation(ctx, requireActor(req), req.params.id, meta(req));
      return reply.code(204).send();
    },
  );

  // ── Accounts and memberships ──
  app.get('/admin/users', { schema: { summary: '人员账号（不含申报人）', tags, querystring: AccountQuery, response: { 200: AccountList, 403: Problem } } }, async (req) => ({
    items: await listAccounts(ctx, requireActor(req), req.query),
  }));
  app.post(
    '/admin/users',
    { schema: { summary: '新建人员账号（返回一次性密码，首次登录须修改）', tags, body: CreateAccountBody, response: { 201: AccountCreated, ...errors } } },
    async (req, reply) => reply.code(201).send(await createAccount(ctx, requireActor(req), req.body, meta(req))),
  );
  app.post(
    '/admin/users/:id/memberships',
    { schema: { summary: '授予角色（角色 × 单位）', tags, params: IdParams, body: MembershipBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => grantMembership(ctx, requireActor(req), req.params.id, req.body, meta(req)),
  );
  app.post(
    '/admin/users/:id/memberships/revoke',
    { schema: { summary: '取消角色', tags, params: IdParams, body: RevokeMembershipBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => revokeMembership(ctx, requireActor(req), req.params.id, req.body, meta(req)),
  );
  app.post(
    '/admin/users/:id/active',
    { schema: { summary: '停用（不能登录，登录会话立即失效）或启用账号', tags, params: IdParams, body: ActiveBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => setAccountActive(ctx, requireActor(req), req.params.id, req.body.active, meta(req)),
  );
  app.post(
    '/admin/users/:id/password-reset',
    { schema: { summary: '重置密码为一次性密码（首次登录须修改）', tags, params: IdParams, response: { 200: ResetPasswordResult, ...errors } } },
    async (req) => resetAccountPassword(ctx, requireActor(req), req.params.id, meta(req)),
  );

  // ── Expert pool ──
  app.get('/admin/experts', { schema: { summary: '专家库（按评审委员会）', tags, querystring: ExpertQuery, response: { 200: ExpertList, 403: Problem } } }, async (req) => ({
    items: await listExperts(ctx, requireActor(req), req.query.committeeId),
  }));
  app.post(
    '/admin/experts',
    { schema: { summary: '新建评审专家账号并加入专家库（返回一次性密码）', tags, body: CreateExpertBody, response: { 201: AccountCreated, ...errors } } },
    async (req, reply) => reply.code(201).send(await createExpert(ctx, requireActor(req), req.body, meta(req))),
  );
  app.put(
    '/admin/experts/:id',
    { schema: { summary: '设置专家的评审委员会、专业、现工作单位和曾工作单位（回避据此判断）', tags, params: IdParams, body: ExpertProfileBody, response: { 200: AccountChanged, ...errors } } },
    async (req) => setExpertProfile(ctx, requireActor(req), req.params.id, req.body, meta(req)),
  );

  // ── Bulk import ──
  app.get(
    '/admin/import-templates/:kind',
    { schema: { summary: '下载导入模板（Excel）', tags, params: ImportKindParams, response: { 200: fileResponse('导入模板', MIME.xlsx) } } },
    async (req, reply) => {
      const t = await importTemplate(req.params.kind);
      return sendXlsx(reply, t.fileName, t.bytes);
    },
  );
  app.post(
    '/admin/imports/:kind',
    {
      schema: {
        summary: '批量导入（multipart：file 为填好的模板）：逐行检查，任何一行有误则全部不导入；重复导入同一文件不会重复创建',
        tags,
        params: ImportKindParams,
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 413: Problem, ...errors },
      },
    },
    async (req) => {
      const { file } = await readForm(req, IMPORT_MAX_BYTES);
      if (!file || file.bytes.length === 0) throw new Refused('IMPORT_FORMAT', '请选择填好的Excel模板文件（.xlsx）再上传');
      return importFile(ctx, requireActor(req), req.params.kind, file, meta(req));
    },
  );
}
