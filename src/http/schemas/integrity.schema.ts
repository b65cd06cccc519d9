// Schemas of the integrity archive (I1): findings, bans, revocation of a title obtained by fraud.
import { Type } from 'typebox';
import { NullableInteger, NullableString } from './common.schema';
import { PageQuery, Paged } from './paging.schema';

export const IntegrityRecord = Type.Object({
  id: Type.Integer(),
  idNumber: Type.String(),
  finding: Type.String(),
  decidedOn: Type.String(),
  documentRef: Type.String(),
  revokedApplicationId: NullableInteger,
  revokedTitle: NullableString,
  recordedAt: Type.String(),
});
export const IntegrityRecordList = Paged(IntegrityRecord);
export const IntegrityListQuery = PageQuery(['decidedOn', 'recordedAt'] as const, {
  idNumber: Type.Optional(Type.String({ title: '身份证号（全部或前几位）', maxLength: 20 })),
});

export const FindingRecorded = Type.Object({
  id: Type.Integer(),
  revokedApplicationId: NullableInteger,
  /** 档案编号 of the revoked file. */
  revokedFileCode: NullableString,
  /** The certificate revoked with the title, if one had been issued. */
  revokedCertificateNumber: NullableString,
  /** The ban now running for the ID number (Chinese, with its end), or null. */
  ban: NullableString,
  /** First day the ID number may apply again ('YYYY-MM-DD'), or null. */
  banEndsOn: NullableString,
});
export const BanCheck = Type.Object({ banned: Type.Boolean(), reason: NullableString });
