// Administration (issue 10): organisations, accounts and memberships, the expert pool, imports.
import { Type } from 'typebox';
import { ORGANISATION_KINDS } from '../../domain/administration';
import { Nullable, NullableInteger, NullableString, StringEnum } from './common.schema';

export const OrganisationKindCode = StringEnum(ORGANISATION_KINDS, { title: '单位类别' });

export const GRANTABLE_ROLES = ['unit_reviewer', 'unit_leader', 'competent_reviewer', 'committee_officer', 'finance', 'expert', 'bureau_admin'] as const;
export const RoleCode = StringEnum(GRANTABLE_ROLES, { title: '角色' });

const Aliases = Type.Array(Type.String({ maxLength: 100 }), { title: '简称/别名', maxItems: 30 });

export const OrganisationView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: OrganisationKindCode,
  kindLabel: Type.String(),
  parentId: NullableInteger,
  aliases: Type.Array(Type.String()),
  active: Type.Boolean(),
  /** Files naming the organisation at any stage: it can never be deleted then. */
  fileCount: Type.Integer(),
  memberCount: Type.Integer(),
});
export const OrganisationList = Type.Object({ items: Type.Array(OrganisationView) });

export const CreateOrganisationBody = Type.Object(
  {
    code: Type.String({ title: '单位编码', minLength: 1, maxLength: 40 }),
    name: Type.String({ title: '单位全称', minLength: 1, maxLength: 100 }),
    kind: OrganisationKindCode,
    parentId: Nullable(Type.Integer({ title: '上级单位', minimum: 1 })),
    aliases: Aliases,
  },
  { additionalProperties: false },
);

export const UpdateOrganisationBody = Type.Object(
  {
    name: Type.String({ title: '单位全称', minLength: 1, maxLength: 100 }),
    parentId: Nullable(Type.Integer({ title: '上级单位', minimum: 1 })),
    aliases: Aliases,
  },
  { additionalProperties: false },
);

export const ActiveBody = Type.Object({ active: Type.Boolean({ title: '启用' }) }, { additionalProperties: false });

export const MembershipView = Type.Object({
  role: Type.String(),
  roleLabel: Type.String(),
  organisationId: NullableInteger,
  organisationName: NullableString,
  specialties: Type.Array(Type.String()),
});

export const AccountView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  mobile: NullableString,
  active: Type.Boolean(),
  isPasswordTemporary: Type.Boolean(),
  memberships: Type.Array(MembershipView),
});
export const AccountList = Type.Object({ items: Type.Array(AccountView) });
export const AccountQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ title: '用户名或姓名', maxLength: 50 })),
    organisationId: Type.Optional(Type.Integer({ title: '单位', minimum: 1 })),
  },
  { additionalProperties: false },
);

const MembershipBodyFields = {
  role: RoleCode,
  organisationId: Nullable(Type.Integer({ title: '所在单位', minimum: 1 })),
  specialties: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { title: '评审专业', maxItems: 30 })),
};
export const MembershipBody = Type.Object(MembershipBodyFields, { additionalProperties: false });
export const RevokeMembershipBody = Type.Object(
  { role: RoleCode, organisationId: Nullable(Type.Integer({ title: '所在单位', minimum: 1 })) },
  { additionalProperties: false },
);

const PersonFields = {
  username: Type.String({ title: '用户名', minLength: 1, maxLength: 32 }),
  displayName: Type.String({ title: '姓名', minLength: 1, maxLength: 50 }),
  mobile: Type.Optional(Nullable(Type.String({ title: '手机号码', maxLength: 20 }))),
};

export const CreateAccountBody = Type.Object(
  { ...PersonFields, memberships: Type.Array(MembershipBody, { title: '角色', minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);

/** A unit leader's new reviewer account: the role and the unit are implied. */
export const CreateReviewerBody = Type.Object(
  { ...PersonFields, organisationId: Type.Integer({ title: '所在单位', minimum: 1 }) },
  { additionalProperties: false },
);

/** A new account and its one-time password, shown once. */
export const AccountCreated = Type.Object({ id: Type.Integer(), username: Type.String(), password: Type.String() });
export const AccountChanged = Type.Object({ id: Type.Integer() });

const ExpertProfileFields = {
  committeeId: Type.Integer({ title: '评审委员会', minimum: 1 }),
  specialties: Type.Array(Type.String({ maxLength: 50 }), { title: '评审专业', minItems: 1, maxItems: 30 }),
  unitOrgId: Nullable(Type.Integer({ title: '现工作单位', minimum: 1 })),
  pastUnits: Type.Array(Type.String({ maxLength: 100 }), { title: '曾工作单位', maxItems: 30 }),
};
export const ExpertProfileBody = Type.Object(ExpertProfileFields, { additionalProperties: false });
export const CreateExpertBody = Type.Object({ ...PersonFields, ...ExpertProfileFields }, { additionalProperties: false });

export const ExpertView = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean(),
  committeeId: Type.Integer(),
  committeeName: Type.String(),
  specialties: Type.Array(Type.String()),
  unitOrgId: NullableInteger,
  unitName: NullableString,
  pastUnits: Type.Array(Type.String()),
});
export const ExpertList = Type.Object({ items: Type.Array(ExpertView) });
export const ExpertQuery = Type.Object({ committeeId: Type.Optional(Type.Integer({ title: '评审委员会', minimum: 1 })) }, { additionalProperties: false });

export const ImportKindCode = StringEnum(['organisations', 'users', 'experts'] as const, { title: '导入类别' });
export const ImportKindParams = Type.Object({ kind: ImportKindCode });

export const ImportResult = Type.Object({
  kind: ImportKindCode,
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  accounts: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String(), password: Type.String() })),
});
