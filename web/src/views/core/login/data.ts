import type { FormRules } from 'element-plus';

export const loginRules: FormRules = {
  username: [{ required: true, message: '请输入身份证号或账号', trigger: 'blur' }],
  password: [{ required: true, message: '请输入密码', trigger: 'blur' }],
};

/**
 * Demo accounts created with the demo data (src/db/seed.ts DEMO_ACCOUNTS; the server prints the same
 * list at start). Shown on the login page so evaluators can try each role.
 */
export const DEMO_HINT = {
  password: 'Zhiping@2026',
  accounts: [
    { username: '654002198503122020', label: '申报人（演示）' },
    { username: 'unit', label: '推荐单位审核员' },
    { username: 'unitlead', label: '推荐单位负责人' },
    { username: 'competent', label: '主管单位审核员' },
    { username: 'committee', label: '评审委员会办事机构' },
    { username: 'finance', label: '人社局财务' },
    { username: 'bureau', label: '人社局管理员' },
    { username: 'expert1', label: '评审专家' },
  ],
};
