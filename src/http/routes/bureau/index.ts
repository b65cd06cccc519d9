// Route group of the bureau (/api/bureau): integrity archive, fee confirmation by finance,
// entrustment approval (I1, R3, R5), and the administrator's dashboard.
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../plugins/session.plugin';
import { bureauRoutes } from './bureau.routes';
import { dashboardRoutes } from './dashboard.routes';
import { bureauAccountRoutes } from './account.routes';
import { administrationRoutes } from './administration.routes';
import { feeInstructionRoutes } from './fee-instruction.routes';

export async function bureauGroup(app: FastifyInstance) {
  // services check the exact role of each action (bureau_admin or finance)
  app.addHook('onRequest', requireRole('bureau_admin', 'finance'));
  await app.register(bureauRoutes);
  await app.register(dashboardRoutes);
  await app.register(bureauAccountRoutes); // 重置密码 (bureau_admin only)
  await app.register(administrationRoutes); // 系统管理: 组织机构、人员账号、专家库、批量导入 (bureau_admin only, issue 10)
  await app.register(feeInstructionRoutes); // R3 缴费说明、收款二维码 (finance only)
}
