// One Kysely<DB> from DATABASE_URL (PostgreSQL server) or, by default, embedded PGlite in a folder.
import path from 'node:path';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect } from 'kysely';
import type { DB } from './schema';
import { migrations } from './migrations';
import { lockDataDir } from './data-dir-lock';
import { PGliteDialect } from './pglite-dialect';
import { PGliteThread } from './pglite-thread-client';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  /** 'pglite' or 'postgres', shown by /api/health */
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * PostgreSQL only: calls `onNotify` on each NOTIFY on `channel`, from any process (job wake-ups
   * across machines, issue 13 item 4). Reconnects by itself; returns the function that stops it.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Embedded only: a consistent copy of the whole database folder (gzipped tar), taken between queries. */
  dumpEmbedded?(): Promise<Buffer>;
}

/**
 * Ends the pool and waits until each of its connections has closed: pg-pool's end() answers when
 * the last one is asked to close, not when it has, so a database dropped right after (the tests
 * do) would still find them and end them from the server side.
 */
async function closePool(pool: import('pg').Pool, destroy: () => Promise<void>): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    pool.on('remove', () => {
      if (--open <= 0) resolve();
    });
  });
  await destroy();
  // a connection whose close never completes does not hold the shutdown for more than 5 s
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000).unref()))]);
  clearTimeout(timer);
}

export function defaultDataDir(): string {
  return path.resolve(process.env.ZHIPING_DATA_DIR ?? path.join(process.cwd(), 'data'));
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string } = {}): Promise<DatabaseHandle> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  // jsonb contents (policy settings, section data) keep their own keys.
  const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];
  if (url) {
    const pg = (await import('pg')).default;
    // Dates stay as strings for `date` columns; timestamptz parse to Date.
    pg.types.setTypeParser(1082, (v: string) => v);
    pg.types.setTypeParser(20, (v: string) => v);
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server ends (a restart, a failover, an administrator) is an 'error' of
    // the pool, which would end the process without a listener; the next query opens a new one.
    pool.on('error', (e) => console.warn(`数据库连接已被服务器断开，下次使用时重新连接：${e.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'postgres', close: () => closePool(pool, () => db.destroy()), listen: (channel, onNotify) => listenOn(pg, url, channel, onNotify) };
  }
  const dir = opts.dataDir ?? defaultDataDir();
  const release = lockDataDir(dir);
  try {
    // PGlite in a worker thread: its WebAssembly work stays off the request thread (issue 13 item 7)
    const session = new PGliteThread(path.join(dir, 'pgdata'));
    try {
      await session.ready;
    } catch (e) {
      await session.close();
      throw e;
    }
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ session }), plugins });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        release();
      },
      dumpEmbedded: () => session.dump(),
    };
  } catch (e) {
    release();
    throw e;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}: ${String(error)}`);
  }
}

/** A dedicated connection that LISTENs; on a lost connection it tries again every few seconds. */
async function listenOn(pg: typeof import('pg').default, url: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel ${channel}`);
  let stopped = false;
  let client: InstanceType<typeof pg.Client> | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    const again = () => {
      if (client !== c) return;
      client = null;
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect(), 3000);
    };
    c.on('notification', () => onNotify());
    c.on('error', again);
    c.on('end', again);
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      // work queued while this connection was down is picked up now
      onNotify();
    } catch {
      again();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

/**
 * Restores a `dumpEmbedded()` copy into `dataDir`, which must hold no database yet (issue 13 item 6).
 * Opens it once, as the server would, so a broken copy is found now rather than at the next start.
 */
export async function restoreEmbedded(dataDir: string, dump: Buffer): Promise<void> {
  const pgdata = path.join(dataDir, 'pgdata');
  const release = lockDataDir(dataDir);
  try {
    const fs = await import('node:fs');
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length) throw new Error(`数据目录 ${dataDir} 中已有数据库：只能恢复到空目录`);
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({ dataDir: pgdata, loadDataDir: new Blob([new Uint8Array(dump)]) });
    await pglite.query('select 1');
    await pglite.close();
  } finally {
    release();
  }
}
