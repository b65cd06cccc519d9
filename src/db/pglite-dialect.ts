// Kysely dialect for embedded PGlite. Kysely ships one (`PGliteDialect`) only from 0.29, which needs
// Node 22; we stay on Kysely 0.28 for Node 20 (issue 13 item 10). Same behaviour as Kysely 0.29's
// `src/dialect/pglite/` (MIT): one connection, held by one caller at a time, and transactions run in
// PGlite's own exclusive `transaction()` so that nothing else on the instance (dumpDataDir) slips
// into them. Savepoints and streaming are not offered: ZhiPing uses neither. The server runs PGlite
// in a worker thread (src/db/pglite-thread.ts) so database work leaves the request thread (issue 13
// item 7); the driver is the same either way.
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * What the driver needs of an embedded database: queries, and one transaction at a time. Either
 * PGlite in this thread (PGliteSession) or PGlite in a worker thread (src/db/pglite-thread-client.ts).
 */
export interface PGliteSession {
  query<R>(sql: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  begin(): Promise<void>;
  end(commit: boolean): Promise<void>;
  close(): Promise<void>;
  readonly closed: boolean;
  readonly ready?: Promise<unknown>;
}

export class PGliteDialect implements Dialect {
  constructor(private readonly config: { pglite: PGlite } | { session: PGliteSession }) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver('session' in this.config ? this.config.session : new PGliteSessionInThread(this.config.pglite));
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #session: PGliteSession;
  readonly #connection: PGliteConnection;
  /** Resolves when the caller holding the connection releases it; null when it is free. */
  #held: Promise<void> | null = null;
  #release: (() => void) | null = null;

  constructor(session: PGliteSession) {
    this.#session = session;
    this.#connection = new PGliteConnection(session);
  }

  async init(): Promise<void> {
    if (this.#session.closed) throw new Error('PGlite instance is already closed');
    await this.#session.ready;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#held = null;
    this.#release = null;
    release?.();
  }

  async beginTransaction(): Promise<void> {
    await this.#session.begin();
  }

  async commitTransaction(): Promise<void> {
    await this.#session.end(true);
  }

  async rollbackTransaction(): Promise<void> {
    await this.#session.end(false);
  }

  async destroy(): Promise<void> {
    if (!this.#session.closed) await this.#session.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly session: PGliteSession) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { affectedRows, rows } = await this.session.query<R>(compiledQuery.sql, compiledQuery.parameters);
    return { numAffectedRows: affectedRows != null ? BigInt(affectedRows) : undefined, rows: rows ?? [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite: streaming is not supported');
  }
}

/** PGlite on the calling thread. */
export class PGliteSessionInThread implements PGliteSession {
  readonly #pglite: PGlite;
  /** The open transaction: the callback of `pglite.transaction()` waits on `finish` until commit or rollback. */
  #tx: { trx: PGliteTransaction; finish: (commit: boolean) => void; closed: Promise<unknown> } | null = null;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  get closed(): boolean {
    return this.#pglite.closed;
  }

  get ready(): Promise<unknown> {
    return this.#pglite.waitReady;
  }

  async query<R>(sql: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const { affectedRows, rows } = await (this.#tx?.trx ?? this.#pglite).query<R>(sql, [...params], { rowMode: 'object' });
    return { rows, affectedRows };
  }

  async begin(): Promise<void> {
    let begun!: (trx: PGliteTransaction) => void;
    const started = new Promise<PGliteTransaction>((resolve) => (begun = resolve));
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (finish = resolve));
    const closed = this.#pglite.transaction(async (trx) => {
      begun(trx);
      // A thrown error makes PGlite roll back.
      if (!(await decided)) throw new RollbackRequested();
    });
    // If BEGIN fails, `closed` rejects and `started` never settles.
    const trx = await Promise.race([started, closed.then(() => started)]);
    this.#tx = { trx, finish, closed };
  }

  async end(commit: boolean): Promise<void> {
    const tx = this.#tx;
    this.#tx = null;
    if (!tx) return;
    tx.finish(commit);
    try {
      await tx.closed;
    } catch (e) {
      if (commit && !(e instanceof RollbackRequested)) throw e;
    }
  }

  async close(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close();
  }
}

class RollbackRequested extends Error {}
