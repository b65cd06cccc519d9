// The one transition function (STYLE §5) on a real database: for every event of the state machine it
// moves the status, bumps the version, writes the audit row and tells the applicant; a stale version
// or a forbidden move writes nothing; the CHECK constraint refuses a status the domain does not know.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { Refused } from '../../../src/domain/errors';
import { EVENT_LABELS, type Event, type Status } from '../../../src/domain/state-machine';
import { transition } from '../../../src/services/transition';
import { orgId } from '../../support/expert-fixtures';
import { validIdNumber } from '../../support/id-numbers';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let seq = 0;
let officerId: number;

beforeAll(async () => {
  sys = await createTestSystem();
  officerId = (await sys.db.selectFrom('appUser').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

/** An application of a fresh applicant, written straight in `status` at version 3. */
async function applicationIn(status: Status) {
  const idNumber = validIdNumber('654002', '19800101', 700 + ++seq);
  const applicant = await sys.db
    .insertInto('appUser')
    .values({ username: idNumber, displayName: `申报人${seq}`, idNumber, passwordHash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = await orgId(sys.db, 'hosp');
  const specialty = await sys.db.selectFrom('specialty').select(['id', 'committeeId']).orderBy('id').executeTakeFirstOrThrow();
  const now = sys.clock.now();
  const app = await sys.db
    .insertInto('application')
    .values({
      applicantId: applicant.id,
      year: 2026,
      specialtyId: specialty.id,
      level: 'middle',
      recommendingOrgId: unit,
      competentOrgId: await orgId(sys.db, 'health'),
      committeeOrgId: specialty.committeeId,
      status,
      version: 3,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'status', 'version', 'applicantId'])
    .executeTakeFirstOrThrow();
  return app;
}

const EVENTS: Array<[Event, Status, Status]> = [
  ['submit', 'draft', 'submitted'],
  ['submit', 'returned_by_committee', 'competent_recommended'],
  ['unit_return', 'submitted', 'returned_by_unit'],
  ['start_publicity', 'submitted', 'in_publicity'],
  ['unit_recommend', 'in_publicity', 'unit_recommended'],
  ['competent_return', 'unit_recommended', 'returned_by_competent'],
  ['competent_recommend', 'unit_recommended', 'competent_recommended'],
  ['committee_return', 'competent_recommended', 'returned_by_committee'],
  ['committee_accept', 'competent_recommended', 'accepted'],
  ['abandon', 'accepted', 'abandoned'],
  ['start_review', 'accepted', 'in_review'],
  ['pass', 'in_review', 'passed'],
  ['fail', 'in_review', 'failed'],
  ['revoke', 'passed', 'revoked'],
];

describe('transition(trx, app, event, options)', () => {
  it('covers every event of the state machine', () => {
    expect(new Set(EVENTS.map(([e]) => e))).toEqual(new Set(Object.keys(EVENT_LABELS)));
  });

  it.each(EVENTS)('%s: %s → %s, version +1, one audit row, the applicant told', async (event, from, to) => {
    const app = await applicationIn(from);
    const now = sys.clock.now();
    const r = await sys.db.transaction().execute((trx) =>
      transition(trx, app, event, { actor: officerId, now, reason: '理由', detail: { rule: 'T' }, ip: '10.0.0.1', notify: `通知：${event}`, set: { returnReason: '理由' } }),
    );
    expect(r).toEqual({ from, to, version: 4 });
    const row = await sys.db.selectFrom('application').select(['status', 'version', 'returnReason']).where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: to, version: 4, returnReason: '理由' });
    const audit = await sys.db
      .selectFrom('auditLog')
      .select(['actorId', 'trueActorId', 'action', 'fromStatus', 'toStatus', 'reason', 'detail', 'ip'])
      .where('applicationId', '=', app.id)
      .execute();
    expect(audit).toEqual([{ actorId: officerId, trueActorId: officerId, action: event, fromStatus: from, toStatus: to, reason: '理由', detail: { rule: 'T' }, ip: '10.0.0.1' }]);
    const notes = await sys.db.selectFrom('notification').select(['userId', 'text']).where('applicationId', '=', app.id).execute();
    expect(notes).toEqual([{ userId: app.applicantId, text: `通知：${event}` }]);
  });

  it('answers 409 VERSION_CONFLICT on a stale version and writes nothing', async () => {
    const app = await applicationIn('submitted');
    await sys.db.updateTable('application').set({ version: 4 }).where('id', '=', app.id).execute(); // someone else saved
    const err = await sys.db
      .transaction()
      .execute((trx) => transition(trx, app, 'unit_return', { actor: officerId, now: sys.clock.now(), notify: '退回' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Refused);
    expect(err).toMatchObject({ code: 'VERSION_CONFLICT', detail: '该材料已被他人修改，请刷新后重试' });
    expect((await sys.db.selectFrom('application').select('status').where('id', '=', app.id).executeTakeFirstOrThrow()).status).toBe('submitted');
    expect(await sys.db.selectFrom('auditLog').select('id').where('applicationId', '=', app.id).execute()).toEqual([]);
    expect(await sys.db.selectFrom('notification').select('id').where('applicationId', '=', app.id).execute()).toEqual([]);
    // leave it consistent for the invariants: a status other than draft needs its audit row
    await sys.db.updateTable('application').set({ status: 'draft' }).where('id', '=', app.id).execute();
  });

  it('refuses a move the state machine forbids (INVALID_TRANSITION) and writes nothing', async () => {
    const app = await applicationIn('draft');
    const err = await sys.db
      .transaction()
      .execute((trx) => transition(trx, app, 'pass', { actor: officerId, now: sys.clock.now() }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await sys.db.selectFrom('application').select('version').where('id', '=', app.id).executeTakeFirstOrThrow()).version).toBe(3);
  });

  it('the database refuses a status the state machine does not know', async () => {
    const app = await applicationIn('draft');
    await expect(sql`update application set status = 'archived' where id = ${app.id}`.execute(sys.db)).rejects.toThrow(/application_status_check/);
  });
});
