// The committee office's review meetings (R4): meeting, roster, attendance, assignment,
// conflicts, ballot, tally, results publicity, objections, finalisation and certificates.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { issueMissingCertificates, officeCertificatePdf } from '../../../services/certificate.service';
import { exportResultsXlsx } from '../../../services/dashboard.service';
import { assignByHand, autoAssign, eligibleFiles } from '../../../services/assignment.service';
import { closeBallot, getTally, openBallot, restartBallot } from '../../../services/ballot.service';
import { requireOfficeMeeting } from '../../../services/meeting-access';
import { addConflict, removeConflict } from '../../../services/meeting-conflict.service';
import { listCommitteeExperts, setAttendance, setRoster } from '../../../services/meeting-roster.service';
import { createMeeting, deleteMeeting, getMeeting, listMeetings, updateMeeting } from '../../../services/meeting.service';
import { finaliseMeeting, getResults, publishResults, recordResultObjection, resolveResultObjection } from '../../../services/result.service';
import { requireActor } from '../../plugins/session.plugin';
import { requestOrigin, sendXlsx } from '../../plugins/file-replies';
import { Created, fileResponse, IdParams, MIME, NoContent, Problem } from '../../schemas/common.schema';
import {
  AutoAssigned,
  BallotOpened,
  CertificatesIssued,
  CommitteeExpertList,
  EligibleFileList,
  HandAssigned,
  MeetingDetail,
  MeetingFinalised,
  MeetingList,
  MeetingListQuery,
  MeetingResults,
  ResultsPublished,
} from '../../schemas/meeting.schema';
import {
  AttendanceBody,
  AutoAssignBody,
  CloseBallotBody,
  ConflictBody,
  ConflictParams,
  CreateMeetingBody,
  HandAssignBody,
  MeetingAppParams,
  MeetingParams,
  ObjectionBody,
  ObjectionParams,
  ResolveObjectionBody,
  RosterBody,
  TallyView,
  UpdateMeetingBody,
} from '../../schemas/expert-review.schema';

export async function meetingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['committee'];
  const errs = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };
  const base = '/meetings';

  app.get(base, { schema: { summary: '评审会列表（分页；按状态、年度、系列筛选，按名称搜索）', tags, querystring: MeetingListQuery, response: { 200: MeetingList, 400: Problem } } }, async (req) =>
    listMeetings(ctx, requireActor(req), req.query),
  );

  app.post(base, { schema: { summary: '新建评审会', tags, body: CreateMeetingBody, response: { 201: Created, ...errs } } }, async (req, reply) =>
    reply.code(201).send(await createMeeting(ctx, requireActor(req), req.body, { ip: req.ip })),
  );

  app.get(`${base}/:id`, { schema: { summary: '评审会详情（名单、出席、材料、分配、回避）', tags, params: MeetingParams, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    getMeeting(ctx, requireActor(req), req.params.id),
  );

  app.patch(`${base}/:id`, { schema: { summary: '修改评审会', tags, params: MeetingParams, body: UpdateMeetingBody, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    updateMeeting(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );

  app.delete(`${base}/:id`, { schema: { summary: '删除评审会（未分配材料时）', tags, params: MeetingParams, response: { 204: Type.Null(), ...errs } } }, async (req, reply) => {
    await deleteMeeting(ctx, requireActor(req), req.params.id, { ip: req.ip });
    return reply.code(204).send(null);
  });

  app.get(`${base}/:id/experts`, { schema: { summary: '本委员会评审专家库', tags, params: MeetingParams, response: { 200: CommitteeExpertList, ...errs } } }, async (req) => ({
    items: await listCommitteeExperts(ctx, requireActor(req), req.params.id),
  }));

  app.put(`${base}/:id/roster`, { schema: { summary: '确定评审专家名单', tags, params: MeetingParams, body: RosterBody, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    setRoster(ctx, requireActor(req), req.params.id, req.body.expertIds, { ip: req.ip }),
  );

  app.put(`${base}/:id/attendance`, { schema: { summary: '登记专家出席', tags, params: MeetingParams, body: AttendanceBody, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    setAttendance(ctx, requireActor(req), req.params.id, req.body.entries, { ip: req.ip }),
  );

  app.get(`${base}/:id/eligible-files`, { schema: { summary: '可分配的材料（已接收、已缴费）', tags, params: MeetingParams, response: { 200: EligibleFileList, ...errs } } }, async (req) => ({
    items: await eligibleFiles(ctx, requireActor(req), req.params.id),
  }));

  app.post(`${base}/:id/assignments/auto`, { schema: { summary: '按专业自动分配（负载均衡，自动回避）', tags, params: MeetingParams, body: AutoAssignBody, response: { 200: AutoAssigned, ...errs } } }, async (req) =>
    autoAssign(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );

  app.put(`${base}/:id/assignments/:applicationId`, { schema: { summary: '手工指定某份材料的评审专家', tags, params: MeetingAppParams, body: HandAssignBody, response: { 200: HandAssigned, ...errs } } }, async (req) =>
    assignByHand(ctx, requireActor(req), req.params.id, { applicationId: req.params.applicationId, expertIds: req.body.expertIds }, { ip: req.ip }),
  );

  app.post(`${base}/:id/conflicts`, { schema: { summary: '登记回避', tags, params: MeetingParams, body: ConflictBody, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    addConflict(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );

  app.delete(`${base}/:id/conflicts/:applicationId/:expertId/:kind`, { schema: { summary: '撤销手工登记的回避', tags, params: ConflictParams, response: { 200: MeetingDetail, ...errs } } }, async (req) =>
    removeConflict(ctx, requireActor(req), req.params.id, { applicationId: req.params.applicationId, expertId: req.params.expertId, kind: req.params.kind }, { ip: req.ip }),
  );

  app.post(`${base}/:id/ballot/open`, { schema: { summary: '开始投票（须达到法定出席人数）；答复中的计票密钥只出现这一次', tags, params: MeetingParams, response: { 200: BallotOpened, ...errs } } }, async (req) =>
    openBallot(ctx, requireActor(req), req.params.id, { ip: req.ip }),
  );

  app.post(
    `${base}/:id/ballot/restart`,
    { schema: { summary: '重新开始投票（计票密钥遗失时；已投的票作废，给出新的计票密钥）', tags, params: MeetingParams, response: { 200: BallotOpened, ...errs } } },
    async (req) => restartBallot(ctx, requireActor(req), req.params.id, { ip: req.ip }),
  );

  app.post(`${base}/:id/ballot/close`, { schema: { summary: '结束投票并计票（须输入开始投票时给出的计票密钥）', tags, params: MeetingParams, body: CloseBallotBody, response: { 200: TallyView, ...errs } } }, async (req) =>
    closeBallot(ctx, requireActor(req), req.params.id, req.body.tallyKey, { ip: req.ip }, req.body.acceptMissing === true),
  );

  app.get(`${base}/:id/tally`, { schema: { summary: '计票结果（仅票数合计）', tags, params: MeetingParams, response: { 200: TallyView, ...errs } } }, async (req) =>
    getTally(ctx, requireActor(req), req.params.id),
  );

  app.post(`${base}/:id/results/publish`, { schema: { summary: '公示评审结果', tags, params: MeetingParams, response: { 200: ResultsPublished, ...errs } } }, async (req) =>
    publishResults(ctx, requireActor(req), req.params.id, { ip: req.ip }),
  );

  app.get(`${base}/:id/results`, { schema: { summary: '评审结果名单与异议', tags, params: MeetingParams, response: { 200: MeetingResults, ...errs } } }, async (req) => getResults(ctx, requireActor(req), req.params.id));

  app.get(`${base}/:id/results.xlsx`, { schema: { summary: '导出评审结果（Excel）', tags, params: MeetingParams, response: { 200: fileResponse('评审结果', MIME.xlsx), ...errs } } }, async (req, reply) => {
    const m = await requireOfficeMeeting(ctx.db, requireActor(req), req.params.id);
    return sendXlsx(reply, `${m.title}评审结果.xlsx`, await exportResultsXlsx(ctx, requireActor(req), { meetingId: m.id }));
  });

  app.post(`${base}/:id/objections`, { schema: { summary: '登记结果公示异议', tags, params: MeetingParams, body: ObjectionBody, response: { 201: Created, ...errs } } }, async (req, reply) =>
    reply.code(201).send(await recordResultObjection(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip })),
  );

  app.post(`${base}/:id/objections/:objectionId/resolve`, { schema: { summary: '处理结果公示异议', tags, params: ObjectionParams, body: ResolveObjectionBody, response: { 204: NoContent, ...errs } } }, async (req, reply) => {
    await resolveResultObjection(ctx, requireActor(req), req.params.id, req.params.objectionId, req.body, { ip: req.ip });
    return reply.code(204).send();
  });

  app.post(`${base}/:id/finalise`, { schema: { summary: '公示期满办结（通过/未通过，签发证书）', tags, params: MeetingParams, response: { 200: MeetingFinalised, ...errs } } }, async (req) =>
    finaliseMeeting(ctx, requireActor(req), req.params.id, { ip: req.ip }),
  );

  app.post(`${base}/:id/certificates`, { schema: { summary: '补发电子职称证书', tags, params: MeetingParams, response: { 200: CertificatesIssued, ...errs } } }, async (req) => {
    const m = await requireOfficeMeeting(ctx.db, requireActor(req), req.params.id);
    if (m.status !== 'final') return { issued: [] };
    return { issued: await issueMissingCertificates(ctx, m.id) };
  });

  app.get('/certificates/:id/pdf', { schema: { summary: '电子职称证书（PDF）', tags, params: IdParams, response: { 200: fileResponse('电子职称证书', MIME.pdf), ...errs } } }, async (req, reply) => {
    const { number, pdf } = await officeCertificatePdf(ctx, requireActor(req), req.params.id, requestOrigin(req));
    reply.header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`职称证书${number}.pdf`)}`);
    return reply.type('application/pdf').send(pdf);
  });
}
