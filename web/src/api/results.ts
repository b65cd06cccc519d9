// Results after the review (R4): the applicant's result and certificate, the public verification
// behind the certificate's QR code, and the bureau's statistics and Excel exports.
import type { Static } from 'typebox';
import type { CertificateVerification, DashboardView } from '../../../src/http/schemas/expert-review.schema';
import type { LevelCode } from './types';
import { http } from './http';

export type Verification = Static<typeof CertificateVerification>;
export type Dashboard = Static<typeof DashboardView>;

/** result.service.ts applicantResults (no response schema on the server). */
export interface ApplicantResult {
  applicationId: number;
  year: number;
  series: string;
  specialtyName: string;
  level: LevelCode;
  levelLabel: string;
  status: string;
  statusLabel: string;
  /** The meeting is finalised: the result is final. */
  isFinal: boolean;
  passed: boolean;
  resultLabel: string;
  publicityStartsOn: string | null;
  publicityEndsOn: string | null;
  certificate: { number: string; issuedOn: string; revoked: boolean; pdfUrl: string; verifyPath: string } | null;
}

export const fetchMyResults = () => http.get<{ items: ApplicantResult[] }>('/api/applicant/results');

/** No login; a forged or altered token answers 404. */
export const verifyCertificate = (token: string) =>
  http.get<Verification>(`/api/public/certificates/${encodeURIComponent(token)}`, { quiet: true, allowUnauthorized: true });

const yearQuery = (year?: number | null) => (year ? `?year=${year}` : '');
export const fetchDashboard = (year?: number | null) => http.get<Dashboard>(`/api/bureau/dashboard${yearQuery(year)}`);
export const applicantsXlsxUrl = (year?: number | null) => `/api/bureau/dashboard/applicants.xlsx${yearQuery(year)}`;
export const resultsXlsxUrl = (year?: number | null) => `/api/bureau/dashboard/results.xlsx${yearQuery(year)}`;
