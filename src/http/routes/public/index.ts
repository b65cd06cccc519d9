// Route group of everyone: registration, login, the session probe and the catalog, and the public
// certificate verification behind the QR code. No role hook: /me and /catalog check the session.
import type { FastifyInstance } from 'fastify';
import { publicRoutes } from './public.routes';
import { verifyRoutes } from './verify.routes';

export async function publicGroup(app: FastifyInstance) {
  await app.register(publicRoutes);
  await app.register(verifyRoutes);
}
