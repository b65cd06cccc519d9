// Operator actions a running embedded server does for the `zhiping` command on the same machine
// (issue 13 item 6): the CLI cannot open the database folder the server holds, so it asks the server.
// Whoever can read the data folder (the token lives there, mode 0600) could copy it anyway; nobody
// else can call this, and it answers loopback only.
import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';

export interface LocalAdmin {
  token: string;
  /** Writes a backup archive to `out` (src/storage/backup-archive.ts). */
  backup(out: NodeJS.WritableStream): Promise<unknown>;
}

export const LOCAL_TOKEN_HEADER = 'x-zhiping-local-token';

export function localAdminRoutes(app: FastifyInstance, admin: LocalAdmin): void {
  app.post('/api/internal/backup', { schema: { hide: true } }, async (req, reply) => {
    const given = Buffer.from(String(req.headers[LOCAL_TOKEN_HEADER] ?? ''));
    const want = Buffer.from(admin.token);
    const local = req.ip === '127.0.0.1' || req.ip === '::1' || req.ip === '::ffff:127.0.0.1';
    if (!local || given.length !== want.length || !crypto.timingSafeEqual(given, want)) {
      return reply.code(403).type('application/problem+json').send({ type: '/problems/forbidden', title: '无权访问', status: 403, code: 'FORBIDDEN', detail: '仅限本机的 zhiping 命令调用' });
    }
    const out = new PassThrough();
    admin.backup(out).catch((e) => out.destroy(e instanceof Error ? e : new Error(String(e))));
    return reply.type('application/x-tar').send(out);
  });
}
