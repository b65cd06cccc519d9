// Issue 9 item 14: a job that was running when the server crashed is taken up again as soon as the
// server restarts, not after its 300 s lease; a live worker's job is left alone.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentProcess, processStart } from '../../../src/db/process-identity';
import { claimJob } from '../../../src/jobs/queue';
import { JobRunner, workerId } from '../../../src/jobs/runner';
import { buildHandlers } from '../../../src/jobs/handlers';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await sys.close();
});
beforeEach(async () => {
  await sys.db.deleteFrom('job').execute();
});

/** A pid that belonged to a process which has exited (as after kill -9). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

async function runningJob(lockedBy: string) {
  const now = sys.clock.now();
  const row = await sys.db
    .insertInto('job')
    .values({
      name: 'return_deadline',
      data: JSON.stringify({ applicationId: 1, deadline: now.toISOString() }),
      status: 'running',
      runAt: now,
      lockedBy,
      lockedUntil: new Date(now.getTime() + 300_000), // the lease still has 5 minutes to run
      attempts: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function runner(exclusive = false) {
  return new JobRunner({ db: sys.db, handlers: buildHandlers(sys.services), now: sys.clock.now, exclusive });
}

const status = async (id: string) => (await sys.db.selectFrom('job').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('restart after a crash', () => {
  it('reclaims at once a job whose worker was a process of this machine that died', async () => {
    const self = currentProcess();
    const id = await runningJob(workerId({ ...self, pid: deadPid(), start: '1' }));
    expect(await claimJob(sys.db, 'someone', sys.clock.now())).toBeNull(); // the lease alone would make it wait
    expect(await runner().reclaimOrphans()).toBe(1);
    expect((await claimJob(sys.db, 'restarted', sys.clock.now()))?.id).toBe(id);
  });

  it('reclaims a job whose pid was reused by another process, or from an earlier boot', async () => {
    const self = currentProcess();
    const reused = await runningJob(workerId({ ...self, pid: process.ppid, start: '1' }));
    const earlierBoot = await runningJob(workerId({ ...self, boot: 'an-earlier-boot' }));
    expect(await runner().reclaimOrphans()).toBe(2);
    expect([await status(reused), await status(earlierBoot)]).toEqual(['queued', 'queued']);
  });

  it('leaves the jobs of live workers and of other machines to their lease', async () => {
    const self = currentProcess();
    const sibling = await runningJob(workerId()); // another runner of this live process
    const parent = await runningJob(workerId({ ...self, pid: process.ppid, start: processStart(process.ppid) ?? '' }));
    const elsewhere = await runningJob(workerId({ host: 'other-host', boot: 'b', pid: 1, start: '1' }));
    const legacy = await runningJob('old-host:123:abcdef');
    expect(await runner().reclaimOrphans()).toBe(0);
    for (const id of [sibling, parent, elsewhere, legacy]) expect(await status(id)).toBe('running');
  });

  it('on an exclusive (embedded) database reclaims every running job at start', async () => {
    const id = await runningJob('old-host:123:abcdef');
    const r = runner(true);
    r.start();
    await r.stop();
    expect(['queued', 'done', 'failed']).toContain(await status(id));
    expect(await status(id)).not.toBe('running');
  });
});
