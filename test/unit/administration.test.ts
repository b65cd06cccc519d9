// Administration rules (issue 10): where each kind of organisation may sit, and who may grant which role.
import { describe, expect, it } from 'vitest';
import { canGrant, highestRank, splitList, whyNotGrant, whyNotManageAccount, whyNotPlace, type OrgNode } from '../../src/domain/administration';
import { isPrefectureAdmin, whyNotPrefectureAdmin, type Membership } from '../../src/domain/access';

const tree: OrgNode[] = [
  { id: 1, kind: 'bureau', parentId: null, active: true },
  { id: 2, kind: 'county_bureau', parentId: 1, active: true },
  { id: 3, kind: 'competent', parentId: 1, active: true },
  { id: 4, kind: 'recommending', parentId: 3, active: true },
  { id: 5, kind: 'committee', parentId: 1, active: true },
  { id: 6, kind: 'competent', parentId: 1, active: false },
  { id: 7, kind: 'recommending', parentId: 2, active: true },
];
const node = (id: number) => tree.find((n) => n.id === id)!;

describe('organisation placement', () => {
  it.each([
    ['recommending', 3, null],
    ['recommending', 2, null],
    ['recommending', 1, 'ORG_PLACEMENT'],
    ['recommending', 5, 'ORG_PLACEMENT'],
    ['county_bureau', 1, null],
    ['county_bureau', 3, 'ORG_PLACEMENT'],
    ['agency', 1, null],
    ['dispatching', 3, null],
    ['committee', 2, null],
    ['competent', 6 /* deactivated bureau-level competent is not a parent kind anyway */, 'ORG_PLACEMENT'],
    ['recommending', 6, 'ORG_INACTIVE'],
  ] as const)('a %s under #%i → %s', (kind, parentId, code) => {
    expect(whyNotPlace(kind, node(parentId), tree)?.code ?? null).toBe(code);
  });

  it('only the bureau stands at the root', () => {
    expect(whyNotPlace('bureau', null, tree)).toBeNull();
    expect(whyNotPlace('competent', null, tree)?.message).toBe('主管单位须设在州人社局或县人社局之下，请选择上级单位');
  });

  it('refuses a move under the unit itself or one of its sub-units', () => {
    expect(whyNotPlace('competent', node(2), tree, 3)).toBeNull();
    const loop: OrgNode[] = [...tree, { id: 8, kind: 'county_bureau', parentId: 2, active: true }];
    expect(whyNotPlace('county_bureau', loop[7], loop, 2)?.code).toBe('ORG_PLACEMENT');
  });
});

describe('granting roles', () => {
  const admin: Membership[] = [{ role: 'bureau_admin', organisationId: 1, organisationKind: 'bureau' }];
  // a county bureau's (县人社局) administrator: the same role at a county_bureau, no prefecture power
  const county: Membership[] = [{ role: 'bureau_admin', organisationId: 2, organisationKind: 'county_bureau' }];
  const leader: Membership[] = [{ role: 'unit_leader', organisationId: 4 }];
  const officer: Membership[] = [{ role: 'committee_officer', organisationId: 5 }];
  const org = (id: number) => ({ id, kind: node(id).kind, active: node(id).active });

  it.each([
    ['admin grants a committee officer at a committee', admin, 'committee_officer', 5, null],
    ['admin grants another administrator', admin, 'bureau_admin', 1, null],
    ['admin: wrong kind of organisation', admin, 'committee_officer', 4, 'ROLE_ORG_KIND'],
    ['nobody grants 申报人', admin, 'applicant', null, 'ROLE_NOT_GRANTABLE'],
    ['leader grants a reviewer of their unit', leader, 'unit_reviewer', 4, null],
    ['leader: another unit', leader, 'unit_reviewer', 7, 'NOT_FOUND'],
    ['leader: a leader (their own rank, still not theirs to grant)', leader, 'unit_leader', 4, 'FORBIDDEN'],
    ['leader: a role above their own', leader, 'committee_officer', 5, 'ROLE_ABOVE_OWN'],
    ['officer: administrator above their own', officer, 'bureau_admin', 1, 'ROLE_ABOVE_OWN'],
    ['officer grants nothing', officer, 'expert', 5, 'FORBIDDEN'],
    ['county administrator grants nothing (not even at its county)', county, 'competent_reviewer', 2, 'FORBIDDEN'],
    ['county administrator: no administrator at the prefecture', county, 'bureau_admin', 1, 'FORBIDDEN'],
    ['admin grants a county bureau its administrator', admin, 'bureau_admin', 2, null],
  ] as const)('%s', (_name, memberships, role, orgId, code) => {
    const r = whyNotGrant({ memberships }, { role, org: orgId === null ? null : org(orgId) });
    expect(r?.code ?? null).toBe(code);
    expect(canGrant({ memberships }, { role, org: orgId === null ? null : org(orgId) })).toBe(code === null);
  });

  it('nobody adds people to a deactivated unit', () => {
    expect(whyNotGrant({ memberships: admin }, { role: 'competent_reviewer', org: org(6) })?.code).toBe('ORG_INACTIVE');
  });

  it('a unit leader manages only accounts whose every role they could grant; nobody manages their own', () => {
    const reviewer = [{ role: 'unit_reviewer' as const, org: org(4) }];
    expect(whyNotManageAccount({ userId: 9, memberships: leader }, 10, reviewer)).toBeNull();
    expect(whyNotManageAccount({ userId: 9, memberships: leader }, 10, [...reviewer, { role: 'unit_leader', org: org(4) }])?.code).toBe('NOT_FOUND');
    expect(whyNotManageAccount({ userId: 9, memberships: leader }, 10, [{ role: 'unit_reviewer', org: org(7) }])?.code).toBe('NOT_FOUND');
    expect(whyNotManageAccount({ userId: 9, memberships: admin }, 10, [{ role: 'finance', org: org(1) }])).toBeNull();
    expect(whyNotManageAccount({ userId: 9, memberships: admin }, 9, [])?.code).toBe('FORBIDDEN');
    expect(whyNotManageAccount({ userId: 9, memberships: county }, 10, [{ role: 'finance', org: org(1) }])?.code).toBe('NOT_FOUND');
  });

  it('ranks an actor by their highest role', () => {
    expect(highestRank({ memberships: [...leader, { role: 'expert', organisationId: 5 }] })).toBe(2);
    expect(highestRank({ memberships: [] })).toBe(-1);
  });
});

it('splits alias lists on 、，, ; and line breaks', () => {
  expect(splitList('州人民医院、州医院,州医院；  州一院\n')).toEqual(['州人民医院', '州医院', '州一院']);
});

describe('prefecture powers need bureau_admin at the prefecture bureau', () => {
  it.each([
    ['州人社局管理员', [{ role: 'bureau_admin', organisationId: 1, organisationKind: 'bureau' }], null],
    ['县人社局管理员 (the same role at a county bureau)', [{ role: 'bureau_admin', organisationId: 2, organisationKind: 'county_bureau' }], 'FORBIDDEN'],
    ['a membership whose organisation kind is not known', [{ role: 'bureau_admin', organisationId: 1 }], 'FORBIDDEN'],
    ['finance at the prefecture bureau', [{ role: 'finance', organisationId: 1, organisationKind: 'bureau' }], 'FORBIDDEN'],
  ] as const)('%s', (_name, memberships, code) => {
    expect(whyNotPrefectureAdmin({ memberships }, '管理诚信档案')?.code ?? null).toBe(code);
    expect(isPrefectureAdmin({ memberships })).toBe(code === null);
  });

  it('tells a county administrator what is theirs instead', () => {
    expect(whyNotPrefectureAdmin({ memberships: [{ role: 'bureau_admin', organisationId: 2, organisationKind: 'county_bureau' }] }, '管理诚信档案')?.message).toBe(
      '只有州人社局管理员可以管理诚信档案；县（市）人社局管理员可办理本县的委托评审、联合评审申请和本县材料',
    );
  });
});
