// SQL checks of facts that must always hold (hotcrp confinvariants style); integration test files
// run them after their tests.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

const CHECKS: Array<{ name: string; query: ReturnType<typeof sql> }> = [
  {
    name: 'application submitted but never audited as submitted',
    query: sql`select a.id from application a where a.submitted_at is not null
      and not exists (select 1 from audit_log l where l.application_id = a.id and l.action = 'submit')`,
  },
  {
    name: 'status changed without an audit row leading to it',
    query: sql`select a.id from application a where a.status <> 'draft'
      and not exists (select 1 from audit_log l where l.application_id = a.id and l.to_status = a.status)`,
  },
  {
    name: 'attachment marked 是 and masked without a masked copy',
    query: sql`select id from attachment where mask_status = 'masked' and masked_sha256 is null`,
  },
  {
    name: 'section-1 attachment marked as needing masking',
    query: sql`select id from attachment where section_code = 'A1' and needs_masking is true`,
  },
  {
    name: 'submitted application with an unmarked attachment',
    query: sql`select distinct a.id from application a join attachment t on t.application_id = a.id
      where a.status not in ('draft','returned_by_unit','returned_by_competent','returned_by_committee') and t.section_code <> 'A1' and t.needs_masking is null`,
  },
  {
    name: 'row attachment whose row is not in its section',
    query: sql`select t.id from attachment t where t.row_id is not null and not exists (
      select 1 from section s, jsonb_array_elements(s.data->'rows') r
      where s.application_id = t.application_id and s.code = t.section_code and r->>'rowId' = t.row_id)`,
  },
  {
    // issue 10: deactivating an account ends its sessions in the same transaction
    name: 'session of a deactivated account',
    query: sql`select s.user_id from session s join app_user u on u.id = s.user_id where not u.active`,
  },
  {
    name: 'expert assigned to a file they conflict with',
    query: sql`select a.application_id, a.expert_id from assignment a
      join conflict c on c.application_id = a.application_id and c.expert_id = a.expert_id`,
  },
  {
    // the encrypted votes cannot be counted without the tally key; the boxes can
    name: 'voting meeting without a public key or a ballot box per file',
    query: sql`select ma.meeting_id, ma.application_id from meeting_application ma join meeting m on m.id = ma.meeting_id
      where m.status = 'voting' and (m.ballot_public_key is null
        or not exists (select 1 from ballot_box b where b.meeting_id = ma.meeting_id and b.application_id = ma.application_id))`,
  },
  {
    name: 'ballot box kept outside voting',
    query: sql`select b.meeting_id, b.application_id from ballot_box b join meeting m on m.id = b.meeting_id where m.status <> 'voting'`,
  },
  {
    name: 'ballot recorded for a meeting that never opened voting',
    query: sql`select c.meeting_id, c.application_id from ballot_cast c join meeting m on m.id = c.meeting_id where m.status = 'planned'`,
  },
];

export async function checkInvariants(db: Kysely<DB>): Promise<void> {
  const broken: string[] = [];
  for (const c of CHECKS) {
    const r = await c.query.execute(db);
    if (r.rows.length) broken.push(`${c.name}: ${JSON.stringify(r.rows.slice(0, 5))}`);
  }
  if (broken.length) throw new Error(`invariants broken:\n${broken.join('\n')}`);
}
