// R3: the finance office's payment instructions and QR image per review year.
import { Type } from 'typebox';
import { NullableString } from './common.schema';

export const FeeYearParams = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2100, title: '评审年度' }) });

export const FeeInstructions = Type.Object({
  year: Type.Integer(),
  text: NullableString,
  qrUrl: NullableString,
  updatedAt: NullableString,
});
