// The stage table and the state machine agree (STYLE §2: stages as data).
import { describe, expect, it } from 'vitest';
import { STAGES, type ReviewStage } from '../../src/domain/stage';
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
