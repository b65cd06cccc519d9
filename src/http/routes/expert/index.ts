// Route group of the review expert (/api/expert): blind review and secret ballot (B5, R4).
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { expertRoutes } from './expert.routes';

export async function expertGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireRole('expert'));
  await app.register(expertRoutes);
}
