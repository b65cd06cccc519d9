// The worker thread that holds the embedded database (issue 13 item 7): PGlite runs PostgreSQL as
// WebAssembly on the thread that calls it, which was nearly half of the request thread's busy time
// under a surge of uploads. Here it has a thread of its own; src/db/pglite-thread-client.ts talks
// to it. One request at a time reaches it in practice (the Kysely driver holds the one connection).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGliteSessionInThread } from './pglite-dialect';

export type ThreadRequest = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'begin' }
  | { op: 'end'; commit: boolean }
  | { op: 'dump' }
  | { op: 'close' }
);

/** A database error as data: message plus PostgreSQL's fields (code, detail, constraint, …). */
export type ThreadError = { message: string } & Record<string, unknown>;

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError };

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

const opened = PGlite.create({
  dataDir,
  // dates stay 'YYYY-MM-DD' and bigints strings, as on the PostgreSQL path (src/db/connection.ts)
  parsers: { 1082: (v: string) => v, 20: (v: string) => v },
}).then((pglite) => ({ pglite, session: new PGliteSessionInThread(pglite) }));

async function answer(req: ThreadRequest): Promise<unknown> {
  const { pglite, session } = await opened;
  switch (req.op) {
    case 'query':
      return session.query(req.sql, req.params);
    case 'begin':
      return session.begin();
    case 'end':
      return session.end(req.commit);
    case 'dump': {
      // between queries and outside any transaction: PGlite's own lock orders it
      const dump = await pglite.dumpDataDir('gzip');
      return new Uint8Array(await dump.arrayBuffer());
    }
    case 'close':
      return session.close();
  }
}

function asData(e: unknown): ThreadError {
  if (!(e instanceof Error)) return { message: String(e) };
  const out: ThreadError = { message: e.message, name: e.name, stack: e.stack };
  for (const [k, v] of Object.entries(e)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  return out;
}

port.on('message', (req: ThreadRequest) => {
  answer(req).then(
    (value) => {
      const reply: ThreadReply = { id: req.id, ok: true, value };
      port.postMessage(reply, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
      if (req.op === 'close') port.close();
    },
    (e) => port.postMessage({ id: req.id, ok: false, error: asData(e) } satisfies ThreadReply),
  );
});

// the first answer says whether the database opened (id 0)
opened.then(
  () => port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies ThreadReply),
  (e) => port.postMessage({ id: 0, ok: false, error: asData(e) } satisfies ThreadReply),
);
