import type { FormRules } from 'element-plus';
import { PASSWORD_MIN_LENGTH, whyNotAcceptablePassword } from '@domain/password-policy';

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  newPassword2: string;
}

/** The server's own policy (src/domain/password-policy.ts), checked as the user types; the server decides. */
export function passwordRules(form: PasswordForm, owner: () => { username: string; idNumber?: string | null }): FormRules<PasswordForm> {
  return {
    currentPassword: [{ required: true, message: '请输入当前密码（一次性密码）', trigger: 'blur' }],
    newPassword: [
      { required: true, message: `请设置新密码（至少${PASSWORD_MIN_LENGTH}位，含字母和数字）`, trigger: 'blur' },
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => {
          const why = whyNotAcceptablePassword(v ?? '', owner()) ?? (v === form.currentPassword ? '新密码不能与当前密码相同' : null);
          cb(why ? new Error(why) : undefined);
        },
      },
    ],
    newPassword2: [
      { required: true, message: '请再次输入新密码', trigger: 'blur' },
      {
        trigger: ['blur', 'change'],
        validator: (_r, v: string, cb) => cb(v === form.newPassword ? undefined : new Error('两次输入的密码不一致')),
      },
    ],
  };
}
