// Helpers for routes that answer with a file rather than JSON.
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ownOrigin } from '../own-origin';
import { MIME } from '../schemas/common.schema';

/** An Excel download named `name` (UTF-8, with an ASCII fallback for old browsers). */
export function sendXlsx(reply: FastifyReply, name: string, bytes: Buffer | Readable) {
  reply.header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  reply.header('cache-control', 'private, no-store');
  return reply.type(MIME.xlsx).send(bytes);
}

/** Origin for links printed into documents (the certificate's QR code); see ownOrigin: never the client's Host header. */
export function requestOrigin(req: FastifyRequest): string {
  return ownOrigin(req);
}
