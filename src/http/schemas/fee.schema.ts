// Schemas of review fees (R3): the unit's batches, the committee's overview per unit, finance's
// confirmation. Amounts are decimal strings ("1200.00"), as the database keeps them.
import { Type } from 'typebox';
import { NullableInteger, NullableString } from './common.schema';

export const FeeFile = Type.Object({
  applicationId: Type.Integer(),
  applicantName: Type.String(),
  /** Tells two applicants of the same name apart: 654***********123X. */
  idNumberMasked: NullableString,
  specialtyName: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  owesFee: Type.Boolean(),
  batchId: NullableInteger,
  paidAt: NullableString,
  confirmed: Type.Boolean(),
});

export const FeeBatch = Type.Object({
  id: Type.Integer(),
  recommendingOrgId: Type.Integer(),
  recommendingOrgName: Type.String(),
  amount: Type.String(),
  payer: Type.String(),
  paidAt: Type.String(),
  recordedAt: Type.String(),
  confirmed: Type.Boolean(),
  confirmedAt: NullableString,
  applicationIds: Type.Array(Type.Integer()),
  receiptUrl: Type.String(),
});

export const UnitFeeOverview = Type.Object({ feeDeadline: NullableString, files: Type.Array(FeeFile), batches: Type.Array(FeeBatch) });

export const CommitteeFeeOverview = Type.Object({
  feeDeadline: NullableString,
  units: Type.Array(
    Type.Object({ recommendingOrgId: Type.Integer(), recommendingOrgName: Type.String(), files: Type.Array(FeeFile), unpaid: Type.Integer() }),
  ),
});

export const FeeBatchRecorded = Type.Object({ id: Type.Integer(), applicationIds: Type.Array(Type.Integer()) });
export const FeeBatchList = Type.Object({ items: Type.Array(FeeBatch) });
export const FeeBatchConfirmed = Type.Object({ id: Type.Integer(), confirmed: Type.Boolean(), confirmedAt: Type.String() });
export const UnpaidAbandoned = Type.Object({ abandoned: Type.Array(Type.Integer()) });
