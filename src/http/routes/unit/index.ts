// Route group of the recommending unit (/api/unit), U1–U5 and the fee batch (R3).
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { unitRoutes } from './unit.routes';
import { reviewerAccountRoutes } from './reviewer-account.routes';

export async function unitGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireRole('unit_reviewer', 'unit_leader'));
  await app.register(unitRoutes);
  await app.register(reviewerAccountRoutes); // 本单位审核员账号 (unit_leader only, issue 10)
}
