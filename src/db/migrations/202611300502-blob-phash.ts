// Issue 12 item 5: the same image in A10 and A13 is refused, whether the same bytes or a
// re-encoded copy; a small perceptual hash of each uploaded image finds the second kind. Frozen
// in time: imports nothing from src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The image shrunk to 32×32 grey levels, one byte per cell as 2048 hex digits; null for blobs
  // stored before this column (compared by sha256 only) and for thumbnails and masked copies.
  await db.schema
    .alterTable('blob')
    .addColumn('phash', 'text', (c) => c.check(sql`length(phash) = 2048 and phash ~ '^[0-9a-f]+$'`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
