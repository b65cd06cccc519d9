// Route group of the committee office (/api/committee): receiving files, fees, entrustment
// (R1–R3, R5) and the review meetings (R4).
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { committeeRoutes } from './committee.routes';
import { meetingRoutes } from './meeting.routes';

export async function committeeGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireRole('committee_officer'));
  await app.register(committeeRoutes);
  await app.register(meetingRoutes);
}
