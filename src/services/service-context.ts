// What every use case needs: the database, the blob store and the clock (injected so tests and
// deadline jobs can move time).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';

export interface ServiceContext {
  db: Kysely<DB>;
  blobs: BlobStore;
  now: () => Date;
}

/** Who did it, from where; written into audit_log. */
export interface RequestMeta {
  ip?: string | null;
}
