// Route group of the competent unit (/api/competent), C1. The bureau acts for a personnel agency's files (U4).
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { competentRoutes } from './competent.routes';

export async function competentGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireRole('competent_reviewer', 'bureau_admin'));
  await app.register(competentRoutes);
}
