// Schemas of entrusted and joint review (R5): the committee's or bureau's request, the bureau's decision.
import { Type } from 'typebox';
import { NullableInteger, NullableString, StringEnum } from './common.schema';

export const Entrustment = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  kind: StringEnum(['entrusted', 'joint'] as const),
  status: StringEnum(['requested', 'approved', 'rejected'] as const),
  reason: Type.String(),
  targetOrgId: NullableInteger,
  targetName: Type.String(),
  letterNo: NullableString,
  letter: NullableString,
  decisionNote: NullableString,
  requestedAt: Type.String(),
  decidedAt: NullableString,
  hasPlan: Type.Boolean(),
  series: Type.String(),
  specialtyName: Type.String(),
  requesterName: Type.String(),
});
export const EntrustmentList = Type.Object({ items: Type.Array(Entrustment) });

export const EntrustmentRequested = Type.Object({ id: Type.Integer(), status: Type.String() });
export const EntrustmentApproved = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  letterNo: Type.String(),
  letter: Type.String(),
  routedApplicationIds: Type.Array(Type.Integer()),
});
export const EntrustmentRejected = Type.Object({ id: Type.Integer(), status: Type.String() });
