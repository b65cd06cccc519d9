import type { FormRules } from 'element-plus';

export const loginRules: FormRules = {
  username: [{ required: true, message: '请输入身份证号或账号', trigger: 'blur' }],
  password: [{ required: true, message: '请输入密码', trigger: 'blur' }],
};
