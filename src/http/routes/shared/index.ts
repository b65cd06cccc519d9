// Route group of every signed-in user: attachment images, the timeline, generated documents and
// scans, fee receipts, notifications. The services decide per resource who may see it.
import type { FastifyInstance } from 'fastify';
import { requireSignedIn } from '../../plugins/session.plugin';
import { attachmentRoutes } from './attachment.routes';
import { sharedFeeInstructionRoutes } from './fee-instruction.routes';
import { notificationRoutes } from './notification.routes';

export async function sharedGroup(app: FastifyInstance) {
  app.addHook('onRequest', requireSignedIn);
  await app.register(attachmentRoutes);
  await app.register(notificationRoutes);
  await app.register(sharedFeeInstructionRoutes); // R3 缴费说明、收款二维码
}
