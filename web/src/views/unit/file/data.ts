// Form rules of the recommending unit's file page (U2–U3).
import type { FormRules } from 'element-plus';

export interface PublicityForm {
  startsOn: string;
  officeName: string;
  supervisionPhone: string;
  politicalConditions: string;
  achievements: string;
}

export const publicityRules: FormRules<PublicityForm> = {
  startsOn: [{ required: true, message: '请选择公示开始日期', trigger: 'change' }],
  officeName: [{ required: true, whitespace: true, message: '请填写受理反映的科室', trigger: 'blur' }],
  supervisionPhone: [
    { required: true, whitespace: true, message: '请填写监督电话', trigger: 'blur' },
    { min: 5, message: '监督电话不正确', trigger: 'blur' },
  ],
};

export interface ObjectionForm {
  content: string;
  raisedBy: string;
  raisedOn: string;
}

export const objectionRules: FormRules<ObjectionForm> = {
  content: [{ required: true, whitespace: true, message: '请填写异议内容', trigger: 'blur' }],
  raisedOn: [{ required: true, message: '请选择提出日期', trigger: 'change' }],
};
