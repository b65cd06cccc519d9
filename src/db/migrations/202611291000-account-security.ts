// Login limits, idle sessions and one-time passwords (issue 9, items 2 and 3). Frozen in time:
// imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per throttled key: 'account:<username as typed, trimmed, upper-cased>' or 'ip:<address>'.
  // Kept in the database so that limits hold across processes and survive a restart.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // attempts not (yet) followed by a success, counted before the password is checked
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0).check(sql`failures >= 0`))
    .addColumn('last_failure_at', 'timestamptz')
    .addColumn('locked_until', 'timestamptz')
    .execute();

  // Idle timeout: a session unused for longer than the limit is over, whatever its expires_at.
  await db.schema.alterTable('session').addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute();
  await db.schema.createIndex('session_user').on('session').column('user_id').execute();

  // Set for a one-time password (first administrator, reset by an administrator): until the user
  // chooses their own, the API answers only the password change.
  await db.schema
    .alterTable('app_user')
    .addColumn('is_password_temporary', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
