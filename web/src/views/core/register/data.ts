import type { FormItemRule, FormRules } from 'element-plus';
import { whyNotValidIdNumber } from '@domain/id-card';
import { PASSWORD_MIN_LENGTH, whyNotAcceptablePassword } from '@domain/password-policy';

export interface RegisterForm {
  idNumber: string;
  name: string;
  mobile: string;
  password: string;
  password2: string;
}

/** Minimum password length (src/domain/password-policy.ts); the server enforces the whole policy. */
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;

export function registerRules(form: RegisterForm): FormRules<RegisterForm> {
  const idRule: FormItemRule = {
    trigger: ['blur', 'change'],
    validator: (_r, value: string, cb) => {
      const problem = whyNotValidIdNumber(value ?? '');
      cb(problem ? new Error(problem) : undefined);
    },
  };
  return {
    idNumber: [{ required: true, message: '请输入身份证号', trigger: 'blur' }, idRule],
    name: [
      { required: true, message: '请输入姓名', trigger: 'blur' },
      { max: 30, message: '姓名不超过30个字', trigger: 'blur' },
    ],
    mobile: [
      { required: true, message: '请输入手机号', trigger: 'blur' },
      { pattern: /^1[3-9]\d{9}$/, message: '手机号应为以1开头的11位数字', trigger: 'blur' },
    ],
    password: [
      { required: true, message: '请设置密码', trigger: 'blur' },
      { min: PASSWORD_MIN, message: `密码至少${PASSWORD_MIN}位`, trigger: 'blur' },
      {
        trigger: 'blur',
        validator: (_r, v: string, cb) => {
          const id = form.idNumber.trim().toUpperCase();
          const why = whyNotAcceptablePassword(v ?? '', { username: id, idNumber: id });
          cb(why ? new Error(why) : undefined);
        },
      },
    ],
    password2: [
      { required: true, message: '请再次输入密码', trigger: 'blur' },
      {
        trigger: ['blur', 'change'],
        validator: (_r, v: string, cb) => cb(v === form.password ? undefined : new Error('两次输入的密码不一致')),
      },
    ],
  };
}
