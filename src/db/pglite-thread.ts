// The worker thread that holds the embedded database (issue 13 item 7): PGlite runs PostgreSQL as
// WebAssembly on the thread that calls it, which was nearly half of the request thread's busy time
// under a surge of uploads. Here it has a thread of its own; src/db/pglite-thread-client.ts talks
// to it.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGliteSessionInThread, type TransactionHandle } from './pglite-dialect';

export type ThreadRequest = { id: number } & (
  | { op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
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

/** Open transactions by number, from their BEGIN (answered or not) to their end. */
const transactions = new Map<number, Promise<TransactionHandle>>();

function transaction(id: number): Promise<TransactionHandle> {
  return transactions.get(id) ?? Promise.reject(new Error('事务不存在或已结束'));
}

// Requests are taken as they come: PGlite's own lock makes a statement on its own, another BEGIN
// or a dump wait while a transaction is open, and a transaction's statements wait for its BEGIN.
async function answer(req: ThreadRequest): Promise<unknown> {
  if (req.op === 'begin') {
    // registered before anything is awaited, so the statements sent right behind it find it
    const begun = opened.then(({ session }) => session.begin());
    transactions.set(req.tx, begun);
    await begun;
    return null;
  }
  const { pglite, session } = await opened;
  switch (req.op) {
    case 'query':
      return session.query(req.sql, req.params, req.tx === undefined ? undefined : await transaction(req.tx));
    case 'end': {
      const begun = transaction(req.tx);
      transactions.delete(req.tx);
      // a rollback of a transaction that never began has nothing to undo; its commit reports why
      const tx = req.commit ? await begun : await begun.catch(() => null);
      return tx && session.end(tx, req.commit);
    }
    case 'dump': {
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
