// The stage table and the state machine agree (STYLE §2: stages as data).
import { describe, expect, it } from 'vitest';
import { defaultPolicyFor, parsePolicy } from '../../src/domain/policy';
import { requiredScans, STAGES, whyScansMissing, type ReviewStage } from '../../src/domain/stage';
import { allowedEvents, EVENT_LABELS, STATUSES, statusesBefore, type Event, type Status } from '../../src/domain/state-machine';

const stages = Object.keys(STAGES) as ReviewStage[];

describe('stage table', () => {
  it('lists only statuses and events the state machine knows', () => {
    for (const s of stages) {
      for (const st of STAGES[s].statuses) expect(STATUSES, `${s}: ${st}`).toHaveProperty(st);
      for (const e of STAGES[s].events) expect(EVENT_LABELS, `${s}: ${e}`).toHaveProperty(e);
    }
  });

  it('each stage sees every status in which it may act', () => {
    for (const s of stages) {
      for (const st of Object.keys(STATUSES) as Status[]) {
        const acts = allowedEvents(st).some((e) => (STAGES[s].events as readonly Event[]).includes(e));
        if (acts) expect(STAGES[s].statuses, `${s} acts on ${st}`).toContain(st);
      }
    }
  });

  it('each stage uploads scans only in statuses it sees', () => {
    for (const s of stages) for (const st of STAGES[s].scans.whileIn) expect(STAGES[s].statuses).toContain(st);
  });

  it('R5: files not yet accepted by the committee are the ones an entrusted review may route', () => {
    expect(statusesBefore('committee_accept')).toEqual([
      'draft',
      'submitted',
      'returned_by_unit',
      'in_publicity',
      'unit_recommended',
      'returned_by_competent',
      'competent_recommended',
      'returned_by_committee',
    ]);
  });
});

describe('stamped scans of 附件2–4: one rule, from the review year\'s policy (U3, C1)', () => {
  const on = { stampedScansRequired: true };
  const off = { stampedScansRequired: false };

  it.each([
    ['unit', on, ['publicity_notice', 'publicity_result']],
    ['competent', on, ['competent_recommendation']],
    ['committee', on, []],
    ['unit', off, []],
    ['competent', off, []],
  ] as const)('%s with %o must upload %j', (stage, policy, scans) => {
    expect(requiredScans(stage, policy)).toEqual(scans);
  });

  it('the policy defaults to required, as the source asks of both units', () => {
    expect(defaultPolicyFor(2026).stampedScansRequired).toBe(true);
    expect(parsePolicy({ stamped_scans_required: false }, 2026).stampedScansRequired).toBe(false);
    expect(() => parsePolicy({ stamped_scans_required: 'yes' }, 2026)).toThrow('评审政策设置“盖章扫描件（附件2—4）必须上传”（stamped_scans_required）应为 true（是）或 false（否）');
  });

  it('names every missing scan', () => {
    expect(whyScansMissing(['publicity_notice', 'publicity_result'], [])).toEqual({
      code: 'SCAN_REQUIRED',
      message: '请先上传盖章的推荐单位公示（附件2）、推荐单位公示结果（附件3）扫描件，再推荐',
    });
    expect(whyScansMissing(['publicity_notice', 'publicity_result'], ['publicity_result'])?.message).toBe('请先上传盖章的推荐单位公示（附件2）扫描件，再推荐');
    expect(whyScansMissing(['competent_recommendation'], ['competent_recommendation'])).toBeNull();
  });
});

describe('U5: scans a stage must collect depend on the file', () => {
  it('the unit needs the dispatching unit’s approval only for an aid posting; the competent unit always 附件4', () => {
    const off = { stampedScansRequired: false };
    const on = { stampedScansRequired: true };
    expect(requiredScans('unit', off, { aidPosting: false })).toEqual([]);
    expect(requiredScans('unit', off, { aidPosting: true })).toEqual(['aid_approval']);
    expect(requiredScans('unit', on, { aidPosting: true })).toEqual(['publicity_notice', 'publicity_result', 'aid_approval']);
    expect(requiredScans('competent', on, { aidPosting: true })).toEqual(['competent_recommendation']);
    expect(requiredScans('committee', on, { aidPosting: true })).toEqual([]);
  });

  it('names the first missing scan; the approval with its own code and message', () => {
    expect(whyScansMissing(['aid_approval'], ['publicity_result', 'aid_approval'])).toBeNull();
    expect(whyScansMissing(['aid_approval'], ['publicity_result'])).toMatchObject({ code: 'AID_APPROVAL_REQUIRED', message: expect.stringContaining('派出单位') });
    expect(whyScansMissing(['competent_recommendation'], [])).toEqual({ code: 'SCAN_REQUIRED', message: '请先上传盖章的主管单位推荐意见（附件4）扫描件，再推荐' });
  });
});
