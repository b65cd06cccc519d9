// One Kysely<DB> from DATABASE_URL (PostgreSQL server) or, by default, embedded PGlite in a folder.
import path from 'node:path';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { DB } from './schema';
import { migrations } from './migrations';
import { lockDataDir } from './data-dir-lock';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  /** 'pglite' or 'postgres', shown by /api/health */
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
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
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dir = opts.dataDir ?? defaultDataDir();
  const release = lockDataDir(dir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({
      dataDir: path.join(dir, 'pgdata'),
      parsers: { 1082: (v: string) => v, 20: (v: string) => v },
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), plugins });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        release();
      },
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
