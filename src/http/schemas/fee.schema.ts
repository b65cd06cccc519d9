// Schemas of review fees (R3): the unit's batches, the committee's overview per unit, finance's
// confirmation. Amounts are decimal strings ("1200.00"), as the database keeps them.
import { Type } from 'typebox';
import { NullableInteger, NullableString, StringEnum } from './common.schema';
import { PageQuery, Paged, SearchText } from './paging.schema';

const Year = Type.Integer({ title: '评审年度', minimum: 2000, maximum: 2100 });

/** Sort keys of the fee lists (fee.service.ts maps each to its column); the first is the default. */
export const FEE_SORTS = ['recommendingOrgName', 'applicantName', 'paidAt'] as const;
/** owing: accepted and in no batch; recorded: in a batch finance has not confirmed; confirmed: confirmed. */
export const FEE_STATES = ['owing', 'recorded', 'confirmed'] as const;

/** Filters both fee lists share; `unitId` only narrows the committee's list (a unit sees its own files). */
const feeFilters = {
  year: Year,
  q: SearchText,
  fee: Type.Optional(StringEnum(FEE_STATES, { title: '缴费情况' })),
  unitId: Type.Optional(Type.Integer({ title: '推荐单位', minimum: 1 })),
};

export const FeeListQuery = PageQuery(FEE_SORTS, feeFilters);

/** The filter of the unit's list without paging: which owing files one batch may cover (across pages). */
export const FeeOwingIdsQuery = Type.Object({ year: Year, q: SearchText }, { additionalProperties: false });
export const FeeOwingIds = Type.Object({ ids: Type.Array(Type.Integer(), { title: '待缴费材料编号' }) });

export const FeeFile = Type.Object({
  applicationId: Type.Integer(),
  fileCode: NullableString,
  applicantName: Type.String(),
  recommendingOrgId: Type.Integer(),
  recommendingOrgName: Type.String(),
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

/** One recommending unit's files of the year: how many owe the fee (counted in SQL, over every page). */
export const FeeUnitCount = Type.Object({
  recommendingOrgId: Type.Integer(),
  recommendingOrgName: Type.String(),
  fileCount: Type.Integer({ title: '已接收材料数' }),
  unpaid: Type.Integer({ title: '未缴费材料数' }),
});

/** A page of the unit's files (`items`, `total`…) and how many still owe the fee in all; its batches page apart (FeeBatchList). */
export const UnitFeeOverview = Type.Object({
  ...Paged(FeeFile).properties,
  feeDeadline: NullableString,
  owing: Type.Integer({ title: '待缴费材料数（全部页）' }),
});

/** A page of the committee's files across units, and the counts per unit. */
export const CommitteeFeeOverview = Type.Object({
  ...Paged(FeeFile).properties,
  feeDeadline: NullableString,
  units: Type.Array(FeeUnitCount),
});

export const FeeBatchRecorded = Type.Object({ id: Type.Integer(), applicationIds: Type.Array(Type.Integer()) });
/** Sort keys of the batch lists (fee.service.ts maps each to its column); the first is the default. */
export const FEE_BATCH_SORTS = ['recordedAt', 'paidAt', 'amount', 'recommendingOrgName'] as const;
/** pending: recorded by the unit, finance has not confirmed it yet; confirmed: finance confirmed it. */
export const FEE_BATCH_STATES = ['pending', 'confirmed'] as const;
/**
 * The batch lists of the bureau (finance: every unit's) and of the unit (its own), paged on the
 * server (issue 13 item 5). Without `year` every year's batches.
 */
export const FeeBatchListQuery = PageQuery(FEE_BATCH_SORTS, {
  year: Type.Optional(Year),
  status: Type.Optional(StringEnum(FEE_BATCH_STATES, { title: '财务确认情况' })),
  unitId: Type.Optional(Type.Integer({ title: '推荐单位', minimum: 1 })),
});
export const FeeBatchList = Paged(FeeBatch);
export const FeeBatchConfirmed = Type.Object({ id: Type.Integer(), confirmed: Type.Boolean(), confirmedAt: Type.String() });
export const UnpaidAbandoned = Type.Object({ abandoned: Type.Array(Type.Integer()) });
