// Initial schema. Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // bureau 人社局; competent 主管单位; recommending 推荐单位; agency 人事代理机构 (U4);
    // committee 评审委员会办事机构
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('bureau','competent','recommending','agency','committee')`),
    )
    .addColumn('parent_id', 'integer', (c) => c.references('organisation.id'))
    .addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.unique())
    .addColumn('mobile', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('membership')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`role in ('applicant','unit_reviewer','unit_leader','competent_reviewer','committee_officer','finance','expert','bureau_admin')`,
        ),
    )
    .addColumn('specialties', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema
    .createIndex('membership_unique')
    .on('membership')
    .columns(['user_id', 'organisation_id', 'role'])
    .unique()
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Review-year policy as data (STYLE §2): one row per year, values validated by src/domain/policy.ts.
  await db.schema
    .createTable('policy_year')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('is_open', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable('specialty')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('series_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('committee_id', 'integer', (c) => c.references('organisation.id'))
    .execute();
  await db.schema.createIndex('specialty_unique').on('specialty').columns(['series', 'name']).unique().execute();

  await db.schema
    .createTable('application')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('applicant_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('year', 'integer', (c) => c.notNull().references('policy_year.year'))
    .addColumn('specialty_id', 'integer', (c) => c.notNull().references('specialty.id'))
    // junior 初级; middle 中级; senior 高级 (副高/正高 are policy extensions)
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('junior','middle','deputy_senior','senior')`))
    .addColumn('recommending_org_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('competent_org_id', 'integer', (c) => c.references('organisation.id'))
    .addColumn('committee_org_id', 'integer', (c) => c.references('organisation.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('file_code', 'text', (c) => c.unique())
    .addColumn('return_reason', 'text')
    .addColumn('return_deadline_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('application_one_per_year')
    .on('application')
    .columns(['applicant_id', 'year'])
    .unique()
    .execute();
  await db.schema.createIndex('application_status').on('application').columns(['status']).execute();

  // One row per section A1–A13; rows of repeatable sections live in data.rows.
  await db.schema
    .createTable('section')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('section_pk', ['application_id', 'code'])
    .execute();

  // Content-addressed blobs (stored once by SHA-256 in src/storage).
  await db.schema
    .createTable('blob')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('attachment')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('section_code', 'text', (c) => c.notNull())
    .addColumn('slot', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blob.sha256'))
    .addColumn('thumb_sha256', 'text', (c) => c.references('blob.sha256'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    // B2：需要遮盖 是/否; null = not yet marked
    .addColumn('needs_masking', 'boolean')
    // pending 待检测; proposed 建议遮盖; masked 已遮盖; not_needed 无需遮盖
    .addColumn('mask_status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`mask_status in ('pending','detecting','proposed','masked','not_needed','failed')`),
    )
    .addColumn('proposals', 'jsonb')
    .addColumn('regions', 'jsonb')
    .addColumn('leaks', 'jsonb')
    .addColumn('orientation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('masked_sha256', 'text', (c) => c.references('blob.sha256'))
    .addColumn('masked_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A retried upload of the same bytes into the same slot is the same attachment.
  await db.schema
    .createIndex('attachment_no_duplicates')
    .on('attachment')
    .columns(['application_id', 'section_code', 'slot', 'blob_sha256'])
    .unique()
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('true_actor_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('application_id', 'integer', (c) => c.references('application.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'jsonb')
    .addColumn('ip', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('audit_log_application').on('audit_log').columns(['application_id', 'at']).execute();

  // Durable job queue (STYLE §7), claimed with FOR UPDATE SKIP LOCKED.
  await db.schema
    .createTable('job')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    // queued → running → done | failed
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`status in ('queued','running','done','failed')`),
    )
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('job_ready').on('job').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.references('application.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
