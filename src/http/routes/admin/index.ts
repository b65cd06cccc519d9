// Route group of the bureau administrator's 系统管理 (/api/admin, issue 10): review years and policy,
// the audit log, series and specialties.
// Other administration areas (organisations, users, experts, import) register here too.
import type { FastifyInstance } from 'fastify';
import { requirePrefectureAdmin } from '../../plugins/session.plugin';
import { auditLogRoutes } from './audit-log.routes';
import { reviewYearRoutes } from './review-year.routes';
import { specialtyRoutes } from './specialty.routes';

export async function adminGroup(app: FastifyInstance) {
  app.addHook('onRequest', requirePrefectureAdmin('进行系统管理'));
  await app.register(reviewYearRoutes);
  await app.register(auditLogRoutes);
  await app.register(specialtyRoutes);
}
