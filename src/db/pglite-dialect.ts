// Kysely dialect for embedded PGlite. Kysely ships one (`PGliteDialect`) only from 0.29, which needs
// Node 22; we stay on Kysely 0.28 for Node 20 (issue 13 item 10). Same behaviour as Kysely 0.29's
// `src/dialect/pglite/` (MIT), except that callers do not queue here for the one connection:
// transactions run in PGlite's own exclusive `transaction()`, whose lock makes everything else on
// the instance (statements on their own, other transactions, dumpDataDir) wait until they end.
// Savepoints and streaming are not offered: ZhiPing uses neither. The server runs PGlite in a
// worker thread (src/db/pglite-thread.ts) so database work leaves the request thread (issue 13
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
 * What the driver needs of an embedded database: statements on their own (autocommit) or inside a
 * transaction, named by the handle `begin` gave. Either PGlite in this thread (PGliteSessionInThread)
 * or PGlite in a worker thread (src/db/pglite-thread-client.ts).
 */
export interface PGliteSession {
  query<R>(sql: string, params: readonly unknown[], tx?: TransactionHandle): Promise<{ rows: R[]; affectedRows?: number }>;
  begin(): Promise<TransactionHandle>;
  end(tx: TransactionHandle, commit: boolean): Promise<void>;
  close(): Promise<void>;
  readonly closed: boolean;
  readonly ready?: Promise<unknown>;
}

/** A transaction as its session knows it. */
export type TransactionHandle = object;

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

/**
 * PGlite has one session, and its own lock lets one transaction at a time hold it: a statement on
 * its own, or another BEGIN, waits there until the open transaction ends. So every caller gets a
 * connection object of its own at once, and nobody waits here for another caller's statement to
 * come back (issue 13 item 7: under a surge of uploads that hand-over was most of the wait).
 */
class PGliteDriver implements Driver {
  readonly #session: PGliteSession;

  constructor(session: PGliteSession) {
    this.#session = session;
  }

  async init(): Promise<void> {
    if (this.#session.closed) throw new Error('PGlite instance is already closed');
    await this.#session.ready;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.#session);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).tx = await this.#session.begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as PGliteConnection, true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as PGliteConnection, false);
  }

  async #end(connection: PGliteConnection, commit: boolean): Promise<void> {
    const tx = connection.tx;
    connection.tx = undefined;
    if (tx) await this.#session.end(tx, commit);
  }

  async destroy(): Promise<void> {
    if (!this.#session.closed) await this.#session.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  /** The open transaction of this connection, if any. */
  tx: TransactionHandle | undefined;

  constructor(private readonly session: PGliteSession) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { affectedRows, rows } = await this.session.query<R>(compiledQuery.sql, compiledQuery.parameters, this.tx);
    return { numAffectedRows: affectedRows != null ? BigInt(affectedRows) : undefined, rows: rows ?? [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite: streaming is not supported');
  }
}

/** An open transaction: the callback of `pglite.transaction()` waits on `finish` until commit or rollback. */
interface OpenTransaction {
  trx: PGliteTransaction;
  finish: (commit: boolean) => void;
  closed: Promise<unknown>;
}

/** PGlite on the calling thread. */
export class PGliteSessionInThread implements PGliteSession {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  get closed(): boolean {
    return this.#pglite.closed;
  }

  get ready(): Promise<unknown> {
    return this.#pglite.waitReady;
  }

  async query<R>(sql: string, params: readonly unknown[], tx?: TransactionHandle): Promise<{ rows: R[]; affectedRows?: number }> {
    // on its own, PGlite runs it when no transaction holds the session
    const { affectedRows, rows } = await ((tx as OpenTransaction | undefined)?.trx ?? this.#pglite).query<R>(sql, [...params], { rowMode: 'object' });
    return { rows, affectedRows };
  }

  async begin(): Promise<TransactionHandle> {
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
    return { trx, finish, closed } satisfies OpenTransaction;
  }

  async end(tx: TransactionHandle, commit: boolean): Promise<void> {
    const open = tx as OpenTransaction;
    open.finish(commit);
    try {
      await open.closed;
    } catch (e) {
      if (commit && !(e instanceof RollbackRequested)) throw e;
    }
  }

  async close(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close();
  }
}

class RollbackRequested extends Error {}
