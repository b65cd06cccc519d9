// Response schemas make Fastify send only the fields they declare, so a field a service adds and no
// schema declares vanishes without a word (TypeScript allows the extra property). In tests every
// JSON answer is compared with what its handler returned; a field lost on the way is reported.
import type { FastifyInstance, FastifyRequest } from 'fastify';

const returned = new WeakMap<FastifyRequest, string>();

/** Paths the handler returned that are missing or changed in what went out. */
export function lostFields(handed: unknown, sent: unknown, at = ''): string[] {
  if (handed === sent || handed === undefined) return [];
  if (handed && sent && typeof handed === 'object' && typeof sent === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(handed)) {
      if (v === undefined) continue;
      const p = Array.isArray(handed) ? `${at}[${k}]` : `${at}.${k}`;
      if (!(k in sent)) out.push(`${p} dropped`);
      else out.push(...lostFields(v, (sent as Record<string, unknown>)[k], p));
    }
    return out;
  }
  return [`${at} changed from ${JSON.stringify(handed)} to ${JSON.stringify(sent)}`];
}

/** Watches every JSON answer of `app`; call before ready(). The findings collect in the array returned. */
export function watchDroppedFields(app: FastifyInstance): string[] {
  const found: string[] = [];
  app.addHook('preSerialization', async (req, _reply, payload) => {
    returned.set(req, JSON.stringify(payload));
    return payload;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const handed = returned.get(req);
    if (handed !== undefined && typeof payload === 'string') {
      for (const l of lostFields(JSON.parse(handed), JSON.parse(payload))) found.push(`${req.method} ${req.routeOptions.url} ${reply.statusCode}: ${l}`);
    }
    return payload;
  });
  return found;
}
