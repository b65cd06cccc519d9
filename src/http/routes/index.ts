// Route groups of the review chain and later features, registered under /api.
import type { FastifyInstance } from 'fastify';

export const extraRouteGroups: Array<(app: FastifyInstance) => Promise<void>> = [];
