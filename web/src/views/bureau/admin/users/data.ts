// 用户与权限: which roles the administrator grants and at which kinds of organisation (the server's
// own rules, src/domain/administration.ts).
import type { FormRules } from 'element-plus';
import { ROLE_LABELS } from '@domain/access';
import { ROLE_ORG_KINDS } from '@domain/administration';
import type { GrantableRole, Organisation } from '../../../../api/administration';

export const GRANTABLE: GrantableRole[] = ['unit_reviewer', 'unit_leader', 'competent_reviewer', 'committee_officer', 'finance', 'expert', 'bureau_admin'];
export { ROLE_LABELS };

/** Active organisations a role may be held at. */
export function orgsForRole(orgs: readonly Organisation[], role: GrantableRole | ''): Organisation[] {
  if (!role) return [];
  return orgs.filter((o) => o.active && ROLE_ORG_KINDS[role].includes(o.kind));
}

export interface AccountForm {
  username: string;
  displayName: string;
  mobile: string;
  role: GrantableRole | '';
  organisationId: number | null;
}

export const accountRules: FormRules<AccountForm> = {
  username: [
    { required: true, message: '请填写用户名', trigger: 'blur' },
    { pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: '以字母开头，3—32位字母、数字、下划线、点或连字符', trigger: 'blur' },
  ],
  displayName: [{ required: true, message: '请填写姓名', trigger: 'blur' }],
  mobile: [{ pattern: /^(1[3-9]\d{9})?$/, message: '请填写11位手机号码', trigger: 'blur' }],
  role: [{ required: true, message: '请选择角色', trigger: 'change' }],
  organisationId: [{ required: true, message: '请选择所在单位', trigger: 'change' }],
};
