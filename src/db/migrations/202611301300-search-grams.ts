// The search box of the file lists answers from indexes (issue 13 item 5: a list of 10,000 files
// answers as fast as one of 100). Frozen in time: imports nothing from src/.
//
// Name (part of it): pg_trgm does not fit. It makes no trigram from a 2-character pattern
// ('%李娜%'), the usual Chinese name, and in a database created with the C locale it drops every
// CJK character (show_trgm('李娜测试') = {}), so the index would depend on how the server was
// initialised. Instead each user row keeps the characters and character pairs of its lower-cased
// name in `name_grams` (a stored generated column: every write keeps it right, nothing to
// maintain), under a GIN index. A name contains q only if it holds every pair of q (or q itself
// when q is one character), so `name_grams @> search_grams(lower(q))` narrows the rows and the
// unchanged `ilike '%q%'` decides: the results are exactly the old ones.
//
// File code (its start): ILIKE cannot use a btree, but for a UTF-8 database `x ilike p` is defined
// as `lower(x) like lower(p)`, which an index on lower(file_code) serves.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Every character and every pair of adjacent characters of s (s already lower-cased).
  await sql`
    create function name_grams(s text) returns text[] language sql immutable strict parallel safe
    as $$ select array(select substr(s, i, 1) from generate_series(1, length(s)) i
                       union select substr(s, i, 2) from generate_series(1, length(s) - 1) i) $$`.execute(db);
  // What a name must hold to contain s: its pairs, or s itself when it is one character.
  await sql`
    create function search_grams(s text) returns text[] language sql immutable strict parallel safe
    as $$ select case when length(s) < 2 then array[s]
                      else array(select distinct substr(s, i, 2) from generate_series(1, length(s) - 1) i) end $$`.execute(db);
  await sql`alter table app_user add column name_grams text[] generated always as (name_grams(lower(display_name))) stored`.execute(db);
  // fastupdate off: new rows go straight into the index. With it on they wait in a pending list
  // that every search reads through, and only VACUUM (autovacuum, which PGlite lacks) empties it:
  // after 10,000 new accounts a one-row search read 300 pages and the planner chose a seq scan.
  // Accounts are written rarely, so the cost of a direct insert does not matter.
  await sql`create index app_user_name_grams on app_user using gin (name_grams) with (fastupdate = off)`.execute(db);
  await sql`create index application_file_code_lower on application (lower(file_code) text_pattern_ops)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
