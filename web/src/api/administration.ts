// 系统管理 (issue 10): organisations, accounts and memberships, the expert pool, bulk import; and a
// unit leader's reviewer accounts. One function per endpoint, typed from the server's schemas.
import type { Static } from 'typebox';
import type {
  AccountChanged,
  AccountCreated as AccountCreatedSchema,
  AccountList,
  AccountQuery as AccountQuerySchema,
  AccountView,
  CreateAccountBody as CreateAccountSchema,
  CreateExpertBody as CreateExpertSchema,
  CreateOrganisationBody as CreateOrganisationSchema,
  CreateReviewerBody as CreateReviewerSchema,
  ExpertList,
  ExpertProfileBody as ExpertProfileSchema,
  ExpertView,
  ImportKindCode,
  ImportResult as ImportResultSchema,
  MembershipBody as MembershipSchema,
  OrganisationKindCode,
  OrganisationList,
  OrganisationView,
  RevokeMembershipBody as RevokeMembershipSchema,
  RoleCode,
  UpdateOrganisationBody as UpdateOrganisationSchema,
} from '../../../src/http/schemas/administration.schema';
import type { ResetPasswordResult } from '../../../src/http/schemas/auth.schema';
import { http, upload, type UploadHandle } from './http';

export type Organisation = Static<typeof OrganisationView>;
export type OrganisationKind = Static<typeof OrganisationKindCode>;
export type CreateOrganisationBody = Static<typeof CreateOrganisationSchema>;
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationSchema>;
export type Account = Static<typeof AccountView>;
export type AccountQuery = Static<typeof AccountQuerySchema>;
export type AccountCreated = Static<typeof AccountCreatedSchema>;
export type CreateAccountBody = Static<typeof CreateAccountSchema>;
export type CreateReviewerBody = Static<typeof CreateReviewerSchema>;
export type GrantableRole = Static<typeof RoleCode>;
export type MembershipBody = Static<typeof MembershipSchema>;
export type RevokeMembershipBody = Static<typeof RevokeMembershipSchema>;
export type Expert = Static<typeof ExpertView>;
export type ExpertProfileBody = Static<typeof ExpertProfileSchema>;
export type CreateExpertBody = Static<typeof CreateExpertSchema>;
export type ImportKind = Static<typeof ImportKindCode>;
export type ImportResult = Static<typeof ImportResultSchema>;
type Changed = Static<typeof AccountChanged>;
type PasswordReset = Static<typeof ResetPasswordResult>;

const A = '/api/bureau/admin';

export const listOrganisations = () => http.get<Static<typeof OrganisationList>>(`${A}/organisations`);
export const createOrganisation = (body: CreateOrganisationBody) => http.post<Changed>(`${A}/organisations`, body, { quiet: true });
export const updateOrganisation = (id: number, body: UpdateOrganisationBody) => http.put<Changed>(`${A}/organisations/${id}`, body, { quiet: true });
export const setOrganisationActive = (id: number, active: boolean) => http.post<Changed>(`${A}/organisations/${id}/active`, { active });
export const deleteOrganisation = (id: number) => http.del(`${A}/organisations/${id}`);

export function listAccounts(q: AccountQuery = {}) {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.organisationId) params.set('organisationId', String(q.organisationId));
  const qs = params.toString();
  return http.get<Static<typeof AccountList>>(`${A}/users${qs ? `?${qs}` : ''}`);
}
export const createAccount = (body: CreateAccountBody) => http.post<AccountCreated>(`${A}/users`, body, { quiet: true });
export const grantMembership = (id: number, body: MembershipBody) => http.post<Changed>(`${A}/users/${id}/memberships`, body);
export const revokeMembership = (id: number, body: RevokeMembershipBody) => http.post<Changed>(`${A}/users/${id}/memberships/revoke`, body);
export const setAccountActive = (id: number, active: boolean) => http.post<Changed>(`${A}/users/${id}/active`, { active });
export const resetAccountPassword = (id: number) => http.post<PasswordReset>(`${A}/users/${id}/password-reset`);

export const listExperts = (committeeId?: number) => http.get<Static<typeof ExpertList>>(`${A}/experts${committeeId ? `?committeeId=${committeeId}` : ''}`);
export const createExpert = (body: CreateExpertBody) => http.post<AccountCreated>(`${A}/experts`, body, { quiet: true });
export const setExpertProfile = (id: number, body: ExpertProfileBody) => http.put<Changed>(`${A}/experts/${id}`, body, { quiet: true });

export const importTemplateUrl = (kind: ImportKind) => `${A}/import-templates/${kind}`;
export function importFile(kind: ImportKind, file: File, onProgress: (p: number) => void): UploadHandle<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<ImportResult>(`${A}/imports/${kind}`, form, onProgress, { quiet: true });
}

// 推荐单位负责人: the unit's reviewer accounts
export const listReviewers = () => http.get<Static<typeof AccountList>>('/api/unit/reviewers');
export const createReviewer = (body: CreateReviewerBody) => http.post<AccountCreated>('/api/unit/reviewers', body, { quiet: true });
export const setReviewerActive = (id: number, active: boolean) => http.post<Changed>(`/api/unit/reviewers/${id}/active`, { active });
export const resetReviewerPassword = (id: number) => http.post<PasswordReset>(`/api/unit/reviewers/${id}/password-reset`);
