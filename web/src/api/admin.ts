// 系统管理 (issue 10): review years and their policy. Types are the server's schemas (STYLE §9).
import type { Static } from 'typebox';
import type {
  AuditFilterQuery,
  AuditPage as AuditPageSchema,
  NewSpecialtyBody,
  SpecialtyCatalog as SpecialtyCatalogSchema,
  SpecialtyChangeBody,
  PolicyChangeResult,
  PolicyField as PolicyFieldSchema,
  ReviewYear as ReviewYearSchema,
  ReviewYearList,
  YearClosed,
  YearOpened,
} from '../../../src/http/schemas/admin.schema';
import { http, request } from './http';

export type PolicyField = Static<typeof PolicyFieldSchema>;
export type ReviewYear = Static<typeof ReviewYearSchema>;
export type PolicyChange = Static<typeof PolicyChangeResult>;
export type PolicySettings = Record<string, unknown>;

export const listYears = () => http.get<Static<typeof ReviewYearList>>('/api/admin/years');
export const openNextYear = () => http.post<Static<typeof YearOpened>>('/api/admin/years');
export const previewPolicy = (year: number, settings: PolicySettings) =>
  http.post<PolicyChange>(`/api/admin/years/${year}/policy/preview`, { settings }, { quiet: true });
export const savePolicy = (year: number, settings: PolicySettings, confirmAffected?: number) =>
  http.put<PolicyChange>(`/api/admin/years/${year}/policy`, { settings, ...(confirmAffected !== undefined ? { confirmAffected } : {}) }, { quiet: true });
export const closeYear = (year: number) => http.post<Static<typeof YearClosed>>(`/api/admin/years/${year}/close`);

export type AuditPage = Static<typeof AuditPageSchema>;
export type AuditEntry = AuditPage['items'][number];
export type AuditFilter = Static<typeof AuditFilterQuery>;

function auditQuery(f: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const searchAuditLog = (f: AuditFilter & { page: number; pageSize: number }) => http.get<AuditPage>(`/api/admin/audit-log${auditQuery(f)}`);
/** The same selection as an Excel file (a plain link: the browser downloads it with the session cookie). */
export const auditLogXlsxUrl = (f: AuditFilter) => `/api/admin/audit-log.xlsx${auditQuery(f)}`;

export type SpecialtyCatalog = Static<typeof SpecialtyCatalogSchema>;
export type SeriesEntry = SpecialtyCatalog['series'][number];
export type SpecialtyEntry = SeriesEntry['specialties'][number];
export type NewSpecialty = Static<typeof NewSpecialtyBody>;
export type SpecialtyChange = Static<typeof SpecialtyChangeBody>;

export const listSpecialties = () => http.get<SpecialtyCatalog>('/api/admin/specialties');
export const addSpecialty = (body: NewSpecialty) => http.post<{ id: number }>('/api/admin/specialties', body, { quiet: true });
export const updateSpecialty = (id: number, body: SpecialtyChange) => request<{ id: number; changed: string[] }>(`/api/admin/specialties/${id}`, { method: 'PATCH', json: body });
export const renameSeries = (seriesCode: string, series: string) => http.put<{ seriesCode: string; series: string }>(`/api/admin/series/${seriesCode}`, { series });
