// Route group of the applicant (/api/applicant): the declaration, 检查姓名掩盖, results and certificate.
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { declarationRoutes } from './declaration.routes';
import { maskingRoutes } from './masking.routes';
import { applicantResultRoutes } from './result.routes';

export async function applicantGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireRole('applicant'));
  await app.register(declarationRoutes);
  await app.register(maskingRoutes);
  await app.register(applicantResultRoutes);
}
