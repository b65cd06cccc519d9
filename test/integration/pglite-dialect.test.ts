// src/db/pglite-dialect.ts (Kysely 0.28 has no PGlite dialect; issue 13 item 10): PGlite has one
// connection, so a query outside a transaction waits for it to end instead of running inside it;
// a failed transaction leaves nothing behind and the connection usable. The same for PGlite in this
// thread (in memory) and in its worker thread (a temporary folder, as the server runs it), whose
// BEGIN is sent without waiting just ahead of the first query. Runs the same with or without
// DATABASE_URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../src/db/pglite-dialect';
import { PGliteThread } from '../../src/db/pglite-thread-client';

interface T {
  item: { id: number; name: string };
}

const where = {
  'in this thread': async () => new PGliteDialect({ pglite: await PGlite.create() }),
  'in a worker thread': async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-pglite-thread-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const session = new PGliteThread(path.join(dir, 'pgdata'));
    await session.ready;
    return new PGliteDialect({ session });
  },
};

describe.each(Object.keys(where) as Array<keyof typeof where>)('PGliteDialect, PGlite %s', (kind) => {
  let db: Kysely<T>;

  beforeAll(async () => {
    db = new Kysely<T>({ dialect: await where[kind]() });
    await sql`create table item (id int primary key, name text not null)`.execute(db);
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('makes a query outside a transaction wait until the transaction commits', async () => {
    const order: string[] = [];
    let outside: Promise<number> | undefined;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ id: 1, name: 'a' }).execute();
      outside = db
        .selectFrom('item')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => {
          order.push('outside');
          return Number(r.n);
        });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await trx.insertInto('item').values({ id: 2, name: 'b' }).execute();
      order.push('commit');
    });
    expect(await outside).toBe(2);
    expect(order).toEqual(['commit', 'outside']);
  });

  it('rolls back a transaction that throws and keeps the connection usable', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('item').values({ id: 3, name: 'c' }).execute();
        await trx.insertInto('item').values({ id: 1, name: 'duplicate' }).execute();
      }),
    ).rejects.toThrow(/duplicate key/);
    const rows = await db.selectFrom('item').select('id').orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('reports affected rows', async () => {
    const r = await db.updateTable('item').set({ name: 'x' }).where('id', '>', 0).executeTakeFirst();
    expect(r.numUpdatedRows).toBe(2n);
  });

  it('commits a transaction that made no query, and runs the next one inside its own', async () => {
    await db.transaction().execute(async () => {});
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ id: 4, name: 'd' }).execute();
      // the transaction's own connection sees its write before it commits
      expect((await trx.selectFrom('item').select('name').where('id', '=', 4).executeTakeFirstOrThrow()).name).toBe('d');
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('item').where('id', '=', 4).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.selectFrom('item').select('id').where('id', '=', 4).execute()).toHaveLength(1);
  });
});
