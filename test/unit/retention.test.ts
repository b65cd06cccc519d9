// Issue 9 item 12: the retention periods of the daily collection.
import { describe, expect, it } from 'vitest';
import { isCrashLeftover, isPastRetention, RETENTION, retentionSweepKey } from '../../src/domain/retention';

const at = (s: string) => new Date(s);

describe('retention', () => {
  it.each([
    ['2026-03-01T00:00:00Z', '2026-03-30T23:59:59Z', false],
    ['2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', true],
  ])('a blob unreferenced since %s may be deleted at %s: %s', (since, now, expected) => {
    expect(RETENTION.deletedMaterialDays.days).toBe(30);
    expect(isPastRetention(at(since), at(now))).toBe(expected);
  });

  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:59:59Z', false],
    ['2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z', true],
  ])('a file last written at %s is a crash leftover at %s: %s', (written, now, expected) => {
    expect(isCrashLeftover(at(written), at(now))).toBe(expected);
  });

  it('names one sweep per UTC day', () => {
    expect(retentionSweepKey(at('2026-03-01T23:59:59Z'))).toBe('retention_sweep:2026-03-01');
    expect(retentionSweepKey(at('2026-03-02T00:00:00Z'))).toBe('retention_sweep:2026-03-02');
  });
});
