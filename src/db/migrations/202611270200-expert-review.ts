// Expert blind review (R4, B5): meetings, rosters, conflicts (回避), assignments, the secret ballot,
// results publicity with objections, and electronic title certificates. Frozen in time: imports
// nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Server-wide secrets and switches; the certificate HMAC key lives here unless ZHIPING_SECRET is set.
  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // 评审会: one committee, one series and level, one review year.
  await db.schema
    .createTable('meeting')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('committee_org_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('year', 'integer', (c) => c.notNull().references('policy_year.year'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('junior','middle','deputy_senior','senior')`))
    .addColumn('title', 'text', (c) => c.notNull())
    // planned 筹备中; voting 投票中; closed 已计票; published 结果公示中; final 已办结
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('planned').check(sql`status in ('planned','voting','closed','published','final')`),
    )
    .addColumn('scheduled_at', 'timestamptz', (c) => c.notNull())
    // expert reviewers per file for automatic assignment
    .addColumn('reviewers_per_file', 'integer', (c) => c.notNull().defaultTo(2).check(sql`reviewers_per_file between 1 and 9`))
    // scoring criteria [{key, title, max}] the experts fill in
    .addColumn('criteria', 'jsonb', (c) => c.notNull())
    .addColumn('ballot_opened_at', 'timestamptz')
    .addColumn('ballot_closed_at', 'timestamptz')
    .addColumn('publicity_starts_on', 'date')
    .addColumn('publicity_ends_on', 'date')
    .addColumn('finalised_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('meeting_publicity_dates', sql`(publicity_starts_on is null) = (publicity_ends_on is null) and (publicity_ends_on is null or publicity_ends_on >= publicity_starts_on)`)
    .execute();

  // Roster of the meeting's experts; is_present is the attendance the office records (quorum, R4).
  await db.schema
    .createTable('meeting_expert')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('is_present', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('meeting_expert_pk', ['meeting_id', 'expert_id'])
    .execute();

  // Files under review in a meeting (a file is reviewed once), with the tally frozen at closing.
  await db.schema
    .createTable('meeting_application')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('application.id').onDelete('cascade'))
    .addColumn('eligible_count', 'integer')
    .addColumn('approve_count', 'integer')
    .addColumn('reject_count', 'integer')
    .addColumn('abstain_count', 'integer')
    .addColumn('is_passed', 'boolean')
    // an objection upheld during the results publicity turns a pass into a fail
    .addColumn('is_overturned', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('meeting_application_pk', ['meeting_id', 'application_id'])
    .execute();

  // 回避 (STYLE §2, hotcrp): one relation for every reason an expert may not judge a file.
  await db.schema
    .createTable('conflict')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('app_user.id'))
    // same_unit 本单位; past_unit 曾工作单位; declared 申报人申请回避; manual 办事机构指定回避
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('same_unit','past_unit','declared','manual')`))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('conflict_pk', ['application_id', 'expert_id', 'kind'])
    .execute();

  await db.schema
    .createTable('assignment')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('opinion', 'text')
    .addColumn('scores', 'jsonb')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('assigned_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('assignment_submitted_whole', sql`submitted_at is null or (opinion is not null and scores is not null)`)
    .execute();
  await db.schema
    .createIndex('assignment_unique')
    .on('assignment')
    .columns(['meeting_id', 'application_id', 'expert_id'])
    .unique()
    .execute();
  await db.schema.createIndex('assignment_expert').on('assignment').columns(['expert_id']).execute();

  // Secret ballot (R4), in two tables that share no key: ballot_cast says who has voted on which
  // file (to stop double, proxy and late votes) and holds no choice; vote holds the choice and no
  // voter, no time, and a random uuid key, so neither its key nor a timestamp orders it by casting.
  await db.schema
    .createTable('ballot_cast')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addPrimaryKeyConstraint('ballot_cast_pk', ['meeting_id', 'application_id', 'expert_id'])
    .execute();
  await db.schema
    .createTable('vote')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    // approve 同意; reject 不同意; abstain 弃权
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('approve','reject','abstain')`))
    .execute();
  await db.schema.createIndex('vote_file').on('vote').columns(['meeting_id', 'application_id']).execute();

  // 评审结果公示期间的异议; 'upheld' turns the file's pass into a fail.
  await db.schema
    .createTable('result_objection')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('raised_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('raised_on', 'date', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('upheld','dismissed')`))
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('resolved_at', 'timestamptz')
    .addCheckConstraint('result_objection_resolved_whole', sql`(decision is null) = (resolved_at is null) and (decision is null) = (resolution is null)`)
    .execute();
  await db.schema.createIndex('result_objection_meeting').on('result_objection').columns(['meeting_id']).execute();

  // Electronic title certificate; the token is the signed payload the QR code carries.
  await db.schema
    .createTable('certificate')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('application.id'))
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('certificate_revoked_whole', sql`(revoked_at is null) = (revoked_reason is null)`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
