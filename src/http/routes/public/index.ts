// Route group of everyone: registration, login, password change, the session probe and the catalog, and the public
// certificate verification behind the QR code. No role hook: /me and /catalog check the session.
import type { FastifyInstance } from 'fastify';
import { publicRoutes } from './public.routes';
import { verifyRoutes } from './verify.routes';
import { accountRoutes } from './account.routes';

export async function publicGroup(app: FastifyInstance) {
  await app.register(publicRoutes);
  await app.register(verifyRoutes);
  await app.register(accountRoutes); // /api/auth/password 修改密码, /api/auth/demo 演示账号（仅演示模式）
}
