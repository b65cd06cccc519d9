// R4 assignment and 回避 (STYLE §2): specialty first, balanced load, conflicts never assigned;
// B5 file codes and the anonymised expert view.
import { describe, expect, it } from 'vitest';
import { conflictKey, derivedConflict, planAssignments, type RosterExpert } from '../../src/domain/assignment';
import { anonymiseSections, blankIdentity, HIDDEN } from '../../src/domain/anonymise';
import { certificateNumber, fileCode, nextFileCodeSequence } from '../../src/domain/file-code';

const expert = (expertId: number, specialties: string[] = ['临床医学'], load = 0): RosterExpert => ({ expertId, specialties, load });
const files = (n: number, specialty = '临床医学') => Array.from({ length: n }, (_, i) => ({ applicationId: 100 + i, specialty, assigned: [] as number[] }));

describe('automatic assignment', () => {
  it('gives each file the requested number of distinct reviewers', () => {
    const plan = planAssignments(files(5), [1, 2, 3, 4].map((i) => expert(i)), new Set(), 2);
    expect(plan.errors).toEqual([]);
    for (const f of files(5)) {
      const reviewers = plan.assignments.filter((a) => a.applicationId === f.applicationId).map((a) => a.expertId);
      expect(reviewers).toHaveLength(2);
      expect(new Set(reviewers).size).toBe(2);
    }
  });

  it('balances the load: with 7 files × 2 reviewers over 4 experts every load is 3 or 4', () => {
    const plan = planAssignments(files(7), [1, 2, 3, 4].map((i) => expert(i)), new Set(), 2);
    const loads = [1, 2, 3, 4].map((e) => plan.assignments.filter((a) => a.expertId === e).length);
    expect(loads.reduce((s, n) => s + n, 0)).toBe(14);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('counts existing load: an expert who already has files gets fewer new ones', () => {
    const plan = planAssignments(files(2), [expert(1, ['临床医学'], 5), expert(2), expert(3)], new Set(), 1);
    expect(plan.assignments.map((a) => a.expertId).sort()).toEqual([2, 3]);
  });

  it('prefers specialists of the file’s specialty over less loaded generalists', () => {
    const plan = planAssignments(files(1, '护理'), [expert(1, ['临床医学']), expert(2, ['护理'], 3)], new Set(), 1);
    expect(plan.assignments).toEqual([{ applicationId: 100, expertId: 2 }]);
    expect(plan.outsideSpecialty).toEqual([]);
  });

  it('falls back to another specialty when specialists run out, and says so', () => {
    const plan = planAssignments(files(1, '药学'), [expert(1, ['临床医学']), expert(2, ['护理'])], new Set(), 1);
    expect(plan.assignments).toHaveLength(1);
    expect(plan.outsideSpecialty).toHaveLength(1);
  });

  it('never assigns a conflicted expert, even the only specialist', () => {
    const roster = [expert(1, ['护理']), expert(2, ['临床医学']), expert(3, ['临床医学'])];
    const conflicts = new Set([conflictKey(100, 1), conflictKey(101, 2)]);
    const fs = [
      { applicationId: 100, specialty: '护理', assigned: [] },
      { applicationId: 101, specialty: '临床医学', assigned: [] },
    ];
    const plan = planAssignments(fs, roster, conflicts, 2);
    expect(plan.errors).toEqual([]);
    for (const a of plan.assignments) expect(conflicts.has(conflictKey(a.applicationId, a.expertId))).toBe(false);
  });

  it('reports every file that cannot get enough non-conflicted reviewers and plans around none of them', () => {
    const roster = [expert(1), expert(2)];
    const conflicts = new Set([conflictKey(100, 1), conflictKey(101, 2)]);
    const plan = planAssignments(files(3), roster, conflicts, 2);
    expect(plan.errors.map((e) => e.applicationId)).toEqual([100, 101]);
    expect(plan.errors[0]!.message).toMatch(/只有1人/);
  });

  it('keeps reviewers already assigned and only tops up', () => {
    const plan = planAssignments([{ applicationId: 100, specialty: '临床医学', assigned: [3] }], [expert(1), expert(2), expert(3, ['临床医学'], 1)], new Set(), 2);
    expect(plan.assignments).toEqual([{ applicationId: 100, expertId: 1 }]);
  });

  it('serves the most constrained file first so a scarce expert is not used up elsewhere', () => {
    // file 100 can only go to expert 3; file 101 could go to anyone
    const conflicts = new Set([conflictKey(100, 1), conflictKey(100, 2)]);
    const roster = [expert(1), expert(2), expert(3)];
    const plan = planAssignments(files(2), roster, conflicts, 1);
    expect(plan.errors).toEqual([]);
    expect(plan.assignments).toContainEqual({ applicationId: 100, expertId: 3 });
  });
});

describe('derived conflicts (回避)', () => {
  const file = {
    recommendingOrgId: 7,
    currentUnitTexts: ['伊犁哈萨克自治州人民医院', '州人民医院、州医院'],
    pastUnitTexts: ['伊宁县人民医院'],
  };

  it('an expert of the recommending unit is same_unit', () => {
    expect(derivedConflict(file, [{ id: 7, names: ['伊犁哈萨克自治州人民医院'] }])).toBe('same_unit');
  });

  it('an expert whose unit the applicant names as current unit is same_unit, even under another id', () => {
    expect(derivedConflict(file, [{ id: 99, names: ['伊犁州医院', '州医院'] }])).toBe('same_unit');
  });

  it('an expert of a past unit in the work history is past_unit', () => {
    expect(derivedConflict(file, [{ id: 12, names: ['伊宁县人民医院'] }])).toBe('past_unit');
  });

  it('an unrelated expert is not conflicted', () => {
    expect(derivedConflict(file, [{ id: 13, names: ['伊犁哈萨克自治州中医医院', '州中医院'] }])).toBeNull();
    expect(derivedConflict(file, [])).toBeNull();
  });
});

describe('B5 file codes', () => {
  it('formats year, series code and a 4-digit sequence', () => {
    expect(fileCode(2023, 'GC', 42)).toBe('2023-GC-0042');
    expect(fileCode(2026, 'WS', 12345)).toBe('2026-WS-12345');
  });

  it('continues after the highest code of the same year and series only', () => {
    expect(nextFileCodeSequence(['2023-GC-0041', '2023-GC-0007', '2023-WS-0100', '2022-GC-0999', 'junk'], 2023, 'GC')).toBe(42);
    expect(nextFileCodeSequence([], 2023, 'GC')).toBe(1);
  });

  it('refuses nonsense parts', () => {
    expect(() => fileCode(2023, 'gc', 1)).toThrow(RangeError);
    expect(() => fileCode(2023, 'GC', 0)).toThrow(RangeError);
  });

  it('certificate numbers carry the level code', () => {
    expect(certificateNumber(2026, 'WS', 'middle', 1)).toBe('2026-WS-ZJ-0001');
  });
});

describe('B5/B3 anonymised sections', () => {
  const identity = { name: '阿依古丽·买买提', idNumber: '654002198503122026', units: ['伊犁哈萨克自治州人民医院', '州人民医院', '伊宁县人民医院'] };

  it('blanks the name written without the dot or with spaces, the ID and the unit', () => {
    const text = '本人阿依古丽买买提（身份证654002198503122026）在伊犁哈萨克自治州人民医院工作，阿 依 古 丽·买 买 提负责。';
    const out = blankIdentity(text, identity);
    expect(out).not.toMatch(/阿依古丽|买买提|654002198503122026|人民医院/);
    expect(out).toContain(HIDDEN);
    expect(out.startsWith('本人')).toBe(true);
  });

  it('merges overlapping matches (州人民医院 inside the full name) into one blank', () => {
    expect(blankIdentity('在伊犁哈萨克自治州人民医院工作', identity)).toBe(`在${HIDDEN}工作`);
  });

  it('leaves A1 out, hides every A3 unit and blanks names in any other section', () => {
    const out = anonymiseSections(
      {
        A1: { fields: { name: '阿依古丽·买买提', idNumber: '654002198503122026' }, rows: [] },
        A3: { fields: {}, rows: [{ unit: '某某县卫生院', position: '医师' }] },
        A5: { fields: {}, rows: [{ title: '州人民医院胸痛中心建设', description: '由阿依古丽·买买提牵头' }] },
        A12: { fields: { text: '我在伊宁县人民医院工作期间……' }, rows: [] },
      },
      identity,
    );
    expect(out).not.toHaveProperty('A1');
    expect(out.A3!.rows[0]!.unit).toBe(HIDDEN);
    expect(out.A3!.rows[0]!.position).toBe('医师');
    expect(JSON.stringify(out)).not.toMatch(/阿依古丽|人民医院|654002/);
  });
});

describe('derivedConflict with the expert pool\'s past units (issue 10)', () => {
  const past = [{ id: null, names: ['伊犁哈萨克自治州人民医院', '州人民医院'], past: true }];
  it('a file whose applicant works or worked at a unit the expert worked for → past_unit', () => {
    expect(derivedConflict({ recommendingOrgId: 4, currentUnitTexts: ['州人民医院'], pastUnitTexts: [] }, past)).toBe('past_unit');
    expect(derivedConflict({ recommendingOrgId: 4, currentUnitTexts: [], pastUnitTexts: ['伊犁哈萨克自治州人民医院'] }, past)).toBe('past_unit');
  });
  it('a past unit never counts as the expert\'s own unit', () => {
    expect(derivedConflict({ recommendingOrgId: 4, currentUnitTexts: ['伊犁哈萨克自治州中医医院'], pastUnitTexts: [] }, past)).toBeNull();
  });
});
