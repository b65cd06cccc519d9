// The review chain (U1–U5, C1, R1–R3, R5, I1): publicity, objections, opinions, stamped documents,
// fees, the integrity archive and entrustments. Frozen in time: imports nothing from src/.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // U2 公示: one row per publicity; a file returned during publicity and resubmitted gets a new one.
  await db.schema
    .createTable('publicity')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    // last day of the period (Asia/Shanghai); the recommendation is possible from the next day
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull().check(sql`working_days > 0`))
    .addColumn('office_name', 'text', (c) => c.notNull())
    .addColumn('supervision_phone', 'text', (c) => c.notNull())
    // 附件2 data as published, so the notice stays what was posted even if sections change later
    .addColumn('notice', 'jsonb', (c) => c.notNull())
    .addColumn('started_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // U3 附件3 公示结果: set when the unit records the result and recommends
    .addColumn('result_issued_on', 'date')
    .addCheckConstraint('publicity_dates', sql`ends_on >= starts_on`)
    .execute();
  await db.schema.createIndex('publicity_application').on('publicity').columns(['application_id', 'id']).execute();

  // U2 异议: raised during the publicity, resolved by the unit before it may recommend.
  await db.schema
    .createTable('objection')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('publicity_id', 'integer', (c) => c.notNull().references('publicity.id').onDelete('cascade'))
    .addColumn('raised_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('raised_on', 'date', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('resolved_at', 'timestamptz')
    .addCheckConstraint('objection_resolved_whole', sql`(resolution is null) = (resolved_at is null)`)
    .execute();
  await db.schema.createIndex('objection_application').on('objection').columns(['application_id']).execute();

  // U3/C1/R1 审核意见, kept as history (a returned and resubmitted file gets a new one per stage).
  await db.schema
    .createTable('opinion')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('unit','competent','committee')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('opinion_application').on('opinion').columns(['application_id', 'stage', 'id']).execute();

  // Stamped scans uploaded by reviewers: 附件2/3 (U3), 附件4 (C1), the dispatching unit's approval (U5).
  await db.schema
    .createTable('review_document')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('application_id', 'integer', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('publicity_notice','publicity_result','competent_recommendation','aid_approval')`),
    )
    .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blob.sha256'))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_document_application').on('review_document').columns(['application_id', 'kind']).execute();

  // R3: one payment per recommending unit covering several accepted files; finance confirms it.
  await db.schema
    .createTable('fee_batch')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('recommending_org_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('year', 'integer', (c) => c.notNull().references('policy_year.year'))
    .addColumn('amount', sql`numeric(12,2)`, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz', (c) => c.notNull())
    .addColumn('receipt_sha256', 'text', (c) => c.notNull().references('blob.sha256'))
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('confirmed_at', 'timestamptz')
    .addCheckConstraint('fee_batch_confirmed_whole', sql`(confirmed_by is null) = (confirmed_at is null)`)
    .execute();
  // A file is paid for at most once.
  await db.schema
    .createTable('fee_item')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('fee_batch.id').onDelete('cascade'))
    .addColumn('application_id', 'integer', (c) => c.notNull().unique().references('application.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('fee_item_pk', ['batch_id', 'application_id'])
    .execute();

  // I1 诚信档案: a fraud finding against an ID number bans applications for policy.integrity_ban_years.
  await db.schema
    .createTable('integrity_record')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'date', (c) => c.notNull())
    // 处理决定文号 and/or the scanned decision
    .addColumn('document_ref', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.references('blob.sha256'))
    .addColumn('revoked_application_id', 'integer', (c) => c.references('application.id'))
    .addColumn('revoked_title', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integrity_record_id_number').on('integrity_record').columns(['id_number']).execute();

  // R5 委托评审 / 联合评审: requested by a committee or county bureau, approved by the prefecture bureau.
  await db.schema
    .createTable('entrustment')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('policy_year.year'))
    .addColumn('requester_org_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('specialty_id', 'integer', (c) => c.notNull().references('specialty.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    // the body that will review: another committee, or the region's department named in target_name
    .addColumn('target_org_id', 'integer', (c) => c.references('organisation.id'))
    .addColumn('target_name', 'text', (c) => c.notNull())
    // entrusted 委托评审; joint 联合评审 (needs a plan filed before the review starts)
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('entrusted','joint')`))
    .addColumn('plan_sha256', 'text', (c) => c.references('blob.sha256'))
    // requested 待审批; approved 已批准（已出具委托函）; rejected 未批准
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('requested').check(sql`status in ('requested','approved','rejected')`))
    .addColumn('letter_no', 'text')
    .addColumn('letter', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addCheckConstraint('entrustment_joint_has_plan', sql`kind <> 'joint' or plan_sha256 is not null`)
    .addCheckConstraint('entrustment_approved_has_letter', sql`status <> 'approved' or letter is not null`)
    .execute();
  // one approved entrustment per specialty and year, so routing is unambiguous
  await sql`create unique index entrustment_one_approved on entrustment (year, specialty_id) where status = 'approved'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations go forward only');
}
