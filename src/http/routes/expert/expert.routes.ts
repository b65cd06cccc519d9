// The expert's blind review (B5, R4). Every route declares its response schema: Fastify then sends
// only declared fields, and none of them is a name, ID number, unit or original image.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { castVote, getMyMeeting, listMyMeetings, openExpertFile, saveReview } from '../../../services/expert-review.service';
import { declareOwnConflict } from '../../../services/meeting-conflict.service';
import { requireActor } from '../../plugins/session.plugin';
import { Problem } from '../../schemas/common.schema';
import {
  ExpertApplicationView,
  ExpertMeeting,
  ExpertMeetingDetail,
  FileParams,
  MeetingFileParams,
  MeetingParams,
  ReviewBody,
  ReviewSaved,
  SelfConflictBody,
  SelfConflictRecorded,
  VoteBody,
  VoteCast,
} from '../../schemas/expert-review.schema';

export async function expertRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['expert'];
  const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  app.get(
    '/meetings',
    { schema: { summary: '我参加的评审会', tags, response: { 200: Type.Object({ items: Type.Array(ExpertMeeting) }), ...errors } } },
    async (req) => ({ items: await listMyMeetings(ctx, requireActor(req)) }),
  );

  app.get(
    '/meetings/:id',
    { schema: { summary: '评审会材料清单（仅档案编号）', tags, params: MeetingParams, response: { 200: ExpertMeetingDetail, ...errors } } },
    async (req) => getMyMeeting(ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/files/:code',
    { schema: { summary: '评审材料（匿名，仅遮盖后的附件）', tags, params: FileParams, response: { 200: ExpertApplicationView, ...errors } } },
    async (req) => openExpertFile(ctx, requireActor(req), req.params.code),
  );

  app.put(
    '/files/:code/review',
    { schema: { summary: '保存或提交评审意见和评分', tags, params: FileParams, body: ReviewBody, response: { 200: ReviewSaved, ...errors } } },
    async (req) => saveReview(ctx, requireActor(req), req.params.code, req.body, { ip: req.ip }),
  );

  app.post(
    '/meetings/:id/files/:code/vote',
    { schema: { summary: '投票（无记名，投票后不能更改）', tags, params: MeetingFileParams, body: VoteBody, response: { 200: VoteCast, ...errors } } },
    async (req) => castVote(ctx, requireActor(req), req.params.id, req.params.code, req.body.choice),
  );

  app.post(
    '/files/:code/conflict',
    { schema: { summary: '专家本人申请回避（不再评审该材料，也不参加其投票）', tags, params: FileParams, body: SelfConflictBody, response: { 200: SelfConflictRecorded, ...errors } } },
    async (req) => declareOwnConflict(ctx, requireActor(req), req.params.code, req.body.reason, { ip: req.ip }),
  );
}
