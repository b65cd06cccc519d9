// Form rules of the integrity archive (I1).
import type { FormRules } from 'element-plus';

export interface FindingForm {
  idNumber: string;
  finding: string;
  decidedOn: string;
  documentRef: string;
  revokeFileCode: string;
}

export const findingRules: FormRules<FindingForm> = {
  idNumber: [{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请填写18位身份证号', trigger: 'blur' }],
  finding: [{ required: true, whitespace: true, message: '请填写失信行为', trigger: 'blur' }],
  decidedOn: [{ required: true, message: '请选择处理决定日期', trigger: 'change' }],
  documentRef: [{ required: true, whitespace: true, message: '请填写处理决定文号', trigger: 'blur' }],
  revokeFileCode: [{ pattern: /^\s*(\d{4}-[A-Za-z]{1,6}-\d{4,5})?\s*$/, message: '档案编号格式如 2026-WS-0002', trigger: 'blur' }],
};
