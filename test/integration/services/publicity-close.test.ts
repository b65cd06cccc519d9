// U2 (issue 10): a unit's publicity closes on its end day by itself. Starting it arms a reminder
// for the last working day before the end and a close job for the day after; the unit is told
// each once, even when a job runs again; a publicity the file has left is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { runPublicityCloseJob } from '../../../src/services/publicity-close.service';
import { JobRunner } from '../../../src/jobs/runner';
import { buildHandlers } from '../../../src/jobs/handlers';
import { loginAs, type Client } from '../../support/http-client';
import { userId } from '../../support/expert-fixtures';
import { submittedFile, type Filed } from '../../support/filing';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let unit: Client;
let file: Filed;
let publicityId: number;
/** Only this job: the file's masking jobs would run ONNX here for nothing. */
let runner: JobRunner;

beforeAll(async () => {
  sys = await createTestSystem(); // Monday 2026-03-02, 10:00 Shanghai
  unit = await loginAs(sys.app, 'unit');
  file = await submittedFile(sys.app, 61, '热依拉·阿不都');
  const version = (await unit.get(`/api/unit/applications/${file.id}`)).json().application.version;
  const res = await unit.post(`/api/unit/applications/${file.id}/publicity`, { version, officeName: '人事科', supervisionPhone: '0999-8021234' });
  expect(res.statusCode, res.rawPayload.toString()).toBe(200);
  expect(res.json().endsOn).toBe('2026-03-09');
  runner = new JobRunner({ db: sys.db, handlers: buildHandlers(sys.services), now: sys.clock.now, names: ['publicity_close'] });
  publicityId = (await sys.db.selectFrom('publicity').select('id').where('applicationId', '=', file.id).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function told(words: string) {
  const rows = await sys.db.selectFrom('notification').select('text').where('userId', '=', await userId(sys.db, 'unit')).execute();
  return rows.filter((r) => r.text.includes(words)).length;
}

describe('the unit publicity closes itself', () => {
  it('arms a reminder for the Friday before and the close for the day after the end', async () => {
    const jobs = await sys.db.selectFrom('job').select(['key', 'runAt']).where('key', 'like', `publicity_close:unit:${publicityId}:%`).orderBy('key').execute();
    expect(jobs.map((j) => [j.key, new Date(j.runAt).toISOString()])).toEqual([
      [`publicity_close:unit:${publicityId}:close`, '2026-03-09T16:00:00.000Z'],
      [`publicity_close:unit:${publicityId}:remind`, '2026-03-06T01:00:00.000Z'],
    ]);
  });

  it('reminds the unit on the last working day before the end, once', async () => {
    sys.clock.set('2026-03-06T00:59:00Z');
    await runner.drain();
    expect(await told('公示将于2026年3月9日期满')).toBe(0);
    sys.clock.set('2026-03-06T01:00:00Z');
    await runner.drain();
    expect(await told('热依拉·阿不都的申报材料公示将于2026年3月9日期满')).toBe(1);
    await sys.db.updateTable('job').set({ status: 'queued' }).where('key', '=', `publicity_close:unit:${publicityId}:remind`).execute();
    await runner.drain();
    expect(await told('公示将于2026年3月9日期满')).toBe(1);
  });

  it('tells the unit on the day after the end that it may recommend, once', async () => {
    sys.clock.set('2026-03-09T15:59:00Z');
    await runner.drain();
    expect(await told('公示已于')).toBe(0);
    sys.clock.set('2026-03-09T16:00:00Z');
    await runner.drain();
    expect(await told('热依拉·阿不都的申报材料公示已于2026年3月9日期满，无未处理的异议，可以填写推荐意见并推荐')).toBe(1);
    expect(await runPublicityCloseJob(sys.ctx, { kind: 'unit', id: publicityId, endsOn: '2026-03-09', step: 'close' })).toBe('skipped');
    expect(await told('公示已于')).toBe(1);
  });

  it('skips a publicity the file has left (returned to the applicant)', async () => {
    unit = await loginAs(sys.app, 'unit'); // the clock moved past the idle limit of the session
    const version = (await unit.get(`/api/unit/applications/${file.id}`)).json().application.version;
    expect((await unit.post(`/api/unit/applications/${file.id}/return`, { version, reason: '公示期间收到异议，请补充说明' })).statusCode).toBe(200);
    await sys.db.deleteFrom('auditLog').where('action', '=', 'publicity_closed').execute();
    expect(await runPublicityCloseJob(sys.ctx, { kind: 'unit', id: publicityId, endsOn: '2026-03-09', step: 'close' })).toBe('skipped');
  });
});
