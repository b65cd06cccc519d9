// Results after the review (R4): the applicant's result and certificate, the public verification
// behind the certificate's QR code, and the bureau's statistics and Excel exports.
import type { Static } from 'typebox';
import type { ApplicantResult as ApplicantResultSchema, CertificateVerification, DashboardView } from '../../../src/http/schemas/expert-review.schema';
import { http } from './http';

export type Verification = Static<typeof CertificateVerification>;
export type Dashboard = Static<typeof DashboardView>;

export type ApplicantResult = Static<typeof ApplicantResultSchema>;

export const fetchMyResults = () => http.get<{ items: ApplicantResult[] }>('/api/applicant/results');

/** No login; a forged or altered token answers 404. */
export const verifyCertificate = (token: string) =>
  http.get<Verification>(`/api/public/certificates/${encodeURIComponent(token)}`, { quiet: true, allowUnauthorized: true });

const yearQuery = (year?: number | null) => (year ? `?year=${year}` : '');
export const fetchDashboard = (year?: number | null) => http.get<Dashboard>(`/api/bureau/dashboard${yearQuery(year)}`);
export const applicantsXlsxUrl = (year?: number | null) => `/api/bureau/dashboard/applicants.xlsx${yearQuery(year)}`;
export const resultsXlsxUrl = (year?: number | null) => `/api/bureau/dashboard/results.xlsx${yearQuery(year)}`;
