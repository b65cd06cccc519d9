// R3: the finance office's payment instructions and QR image per review year.
import type { Static } from 'typebox';
import type { FeeInstructions as FeeInstructionsSchema } from '../../../src/http/schemas/fee-instruction.schema';
import { http, upload } from './http';

export type FeeInstructions = Static<typeof FeeInstructionsSchema>;

export const fetchFeeInstructions = (year: number) => http.get<FeeInstructions>(`/api/fee-instructions/${year}`);

/** Finance: text and, optionally, a new QR image (JPG). */
export function saveFeeInstructions(year: number, text: string, qr: File | null) {
  const form = new FormData();
  form.append('text', text);
  if (qr) form.append('file', qr, qr.name);
  return upload<FeeInstructions>(`/api/bureau/fee-instructions/${year}`, form, () => undefined, { quiet: true }).promise;
}
