// src/db/pglite-dialect.ts (Kysely 0.28 has no PGlite dialect; issue 13 item 10): PGlite has one
// connection, so a query outside a transaction waits for it to end instead of running inside it;
// a failed transaction leaves nothing behind and the connection usable. In-memory PGlite, so this
// runs the same with or without DATABASE_URL.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteDialect } from '../../src/db/pglite-dialect';

interface T {
  item: { id: number; name: string };
}

let db: Kysely<T>;

beforeAll(async () => {
  db = new Kysely<T>({ dialect: new PGliteDialect({ pglite: await PGlite.create() }) });
  await sql`create table item (id int primary key, name text not null)`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
});

describe('PGliteDialect', () => {
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
});
