// The stage table and the state machine agree (STYLE §2: stages as data).
import { describe, expect, it } from 'vitest';
import { requiredScansFor, STAGES, type ReviewStage } from '../../src/domain/stage';
import { whyNotForwardWithoutScans } from '../../src/domain/review-rules';
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

describe('U5: scans a stage must collect depend on the file', () => {
  it('the unit needs the dispatching unit’s approval only for an aid posting; the competent unit always 附件4', () => {
    expect(requiredScansFor('unit', { aidPosting: false })).toEqual([]);
    expect(requiredScansFor('unit', { aidPosting: true })).toEqual(['aid_approval']);
    expect(requiredScansFor('competent', { aidPosting: true })).toEqual(['competent_recommendation']);
    expect(requiredScansFor('committee', { aidPosting: true })).toEqual([]);
  });

  it('names the first missing scan; the approval with its own code and message', () => {
    expect(whyNotForwardWithoutScans(['aid_approval'], ['publicity_result', 'aid_approval'])).toBeNull();
    expect(whyNotForwardWithoutScans(['aid_approval'], ['publicity_result'])).toMatchObject({ code: 'AID_APPROVAL_REQUIRED', message: expect.stringContaining('派出单位') });
    expect(whyNotForwardWithoutScans(['competent_recommendation'], [])).toEqual({ code: 'SCAN_REQUIRED', message: '请先上传盖章的主管单位推荐意见（附件4）扫描件，再推荐' });
  });
});
