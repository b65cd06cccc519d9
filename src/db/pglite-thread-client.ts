// The request thread's side of the embedded database thread (src/db/pglite-thread.ts): each call is
// a message, answered by its number (a statement on its own waits behind an open transaction, so
// answers need not come in order). The worker keeps the process alive only while a call is pending.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PGliteSession, TransactionHandle } from './pglite-dialect';
import type { ThreadError, ThreadReply, ThreadRequest } from './pglite-thread';

/** A transaction of the thread, by number. */
interface ThreadTransaction {
  id: number;
}

type Call = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

export class PGliteThread implements PGliteSession {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;
  #closed = false;
  #exited: Error | null = null;
  #nextTransaction = 1;
  readonly ready: Promise<void>;

  constructor(dataDir: string) {
    // from sources through tsx (pglite-thread-entry.mjs); compiled, the worker bundle beside this one
    const file = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? './pglite-thread.js' : './pglite-thread-entry.mjs', import.meta.url));
    this.#worker = new Worker(file, { workerData: { dataDir } });
    this.ready = new Promise<void>((resolve, reject) => this.#pending.set(0, { resolve: () => resolve(), reject }));
    this.#worker.on('message', (reply: ThreadReply) => {
      const p = this.#pending.get(reply.id);
      if (!p) return;
      this.#pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(asError(reply.error));
      if (this.#pending.size === 0) this.#worker.unref();
    });
    const fail = (e: Error) => {
      this.#exited = e;
      this.#closed = true;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    this.#worker.on('error', (e) => fail(e));
    this.#worker.on('exit', (code) => fail(new Error(`嵌入式数据库线程已退出（${code}）`)));
  }

  get closed(): boolean {
    return this.#closed;
  }

  #call(req: Call): Promise<unknown> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ ...req, id });
    });
  }

  query<R>(sql: string, params: readonly unknown[], tx?: TransactionHandle): Promise<{ rows: R[]; affectedRows?: number }> {
    return this.#call({ op: 'query', sql, params: [...params], tx: (tx as ThreadTransaction | undefined)?.id }) as Promise<{ rows: R[]; affectedRows?: number }>;
  }

  /**
   * A transaction's BEGIN, not waited for: it travels just ahead of the transaction's first
   * statement, which the thread runs once the transaction has begun (one round trip less for every
   * transaction; a BEGIN that fails is the error its statements and its commit report).
   */
  async begin(): Promise<TransactionHandle> {
    const id = this.#nextTransaction++;
    this.#call({ op: 'begin', tx: id }).catch(() => {});
    return { id } satisfies ThreadTransaction;
  }

  async end(tx: TransactionHandle, commit: boolean): Promise<void> {
    await this.#call({ op: 'end', tx: (tx as ThreadTransaction).id, commit });
  }

  /** A consistent gzipped tar of the data folder, taken between queries. */
  async dump(): Promise<Buffer> {
    const bytes = (await this.#call({ op: 'dump' })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#call({ op: 'close' }).catch(() => {});
    this.#closed = true;
    await this.#worker.terminate();
  }
}

function asError(data: ThreadError): Error {
  const e = new Error(data.message);
  Object.assign(e, data);
  return e;
}
