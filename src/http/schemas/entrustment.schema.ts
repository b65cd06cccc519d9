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
  /** R5: an entrusted review of the prefecture goes to the region's department before the letter. */
  needsRegionStep: Type.Boolean(),
  regionRef: NullableString,
  regionDecidedOn: NullableString,
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

export const RegionStepBody = Type.Object(
  {
    regionRef: Type.String({ title: '自治区人社厅意见文号', minLength: 1, maxLength: 100 }),
    decidedOn: Type.String({ title: '自治区人社厅意见日期', format: 'date' }),
  },
  { additionalProperties: false },
);
export const RegionStepRecorded = Type.Object({ id: Type.Integer(), regionRef: Type.String(), regionDecidedOn: Type.String() });
export const LetterQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('docx')], { title: '格式' })) }, { additionalProperties: false });
