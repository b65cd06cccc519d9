// The Fastify application: shared plugins (errors, session), OpenAPI, the route groups (one per role
// folder) and the built web app. buildApp() takes its parts so tests run it on a real database with inject().
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../services/service-context';
import { problemPlugin } from './plugins/problem.plugin';
import { Health } from './schemas/auth.schema';
import { requireActor, sessionPlugin } from './plugins/session.plugin';
import { inputGuardPlugin } from './plugins/input-guard.plugin';
import { securityPlugin } from './plugins/security.plugin';
import { parseTrustProxy, trustedProxyCheck, type TrustProxy } from './own-origin';
import { routeGroups } from './routes';
import { UploadSlots } from './plugins/upload-slots';
import { SCAN_MAX_BYTES } from '../services/documents.service';
import { Metrics, metricsRoutes } from './metrics';
import { localAdminRoutes, type LocalAdmin } from './local-admin';
import { closePdfPool } from '../intake/pdf-pool';

export interface AppOptions {
  ctx: ServiceContext;
  /** Folder of the built web app; served with an SPA fallback when it exists. */
  webDist?: string;
  logger?: boolean | object;
  dbKind?: string;
  /** Proxies whose X-Forwarded-* headers are believed; default from ZHIPING_TRUST_PROXY, else none. */
  trustProxy?: TrustProxy;
  /** Demo mode (ZHIPING_DEMO=1): the demo accounts the login page lists. Absent in production. */
  demo?: DemoAccounts | null;
  /** Shared with the job runner of the same process; one is made when absent. */
  metrics?: Metrics;
  /** Embedded mode: what the `zhiping` command on this machine may ask of the running server. */
  localAdmin?: LocalAdmin;
}

export interface DemoAccounts {
  password: string;
  accounts: Array<{ username: string; label: string }>;
}

export async function buildApp(opts: AppOptions) {
  const trustProxy = opts.trustProxy ?? parseTrustProxy(process.env.ZHIPING_TRUST_PROXY);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, verbose: true } }, // verbose: errors carry parentSchema, whose title names the field (problem.plugin)
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', opts.ctx);
  app.decorate('demo', opts.demo ?? null);
  app.decorate('isTrustedProxy', trustedProxyCheck(trustProxy));
  app.decorate('uploadSlots', new UploadSlots());
  // the PDF rendering thread (issue 11) ends with the server
  app.addHook('onClose', async () => closePdfPool());
  await app.register(problemPlugin);
  await app.register(securityPlugin);
  await app.register(inputGuardPlugin);
  await app.register(cookie);
  // Each upload route streams its file with its own limit (read-form.ts); this is the ceiling.
  await app.register(multipart, { limits: { fileSize: SCAN_MAX_BYTES, files: 1, fields: 10 } });
  await app.register(sessionPlugin);
  metricsRoutes(app, opts.metrics ?? new Metrics(opts.ctx.db, opts.ctx.now));
  if (opts.localAdmin) localAdminRoutes(app, opts.localAdmin);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '职评 ZhiPing API', description: '职称评审网上申报与盲评系统接口', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zp_session' } } },
    },
  });
  // The API document names every route and field: in demo mode anyone may read it, otherwise only a
  // signed-in user (any role; scripts send their session cookie). Swagger UI's own JS/CSS stay public.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiHooks: {
      onRequest: async (req) => {
        if (!app.demo) requireActor(req);
      },
    },
  });

  app.get('/api/health', { schema: { summary: '健康检查', tags: ['public'], response: { 200: Health } } }, async () => ({
    status: 'ok',
    database: opts.dbKind ?? 'unknown',
    time: opts.ctx.now().toISOString(),
  }));

  for (const group of routeGroups) await app.register(group.plugin, { prefix: group.prefix });

  const dist = opts.webDist;
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: false });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/') || req.method !== 'GET') {
        return reply.code(404).type('application/problem+json').send({
          type: '/problems/not-found', title: '未找到', status: 404, code: 'NOT_FOUND', detail: `接口不存在：${req.method} ${req.url.split('?')[0]}`,
        });
      }
      return reply.type('text/html').sendFile('index.html');
    });
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    ctx: ServiceContext;
    demo: DemoAccounts | null;
    uploadSlots: UploadSlots;
  }
}
