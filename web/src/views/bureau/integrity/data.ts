// Form rules of the integrity archive (I1).
import type { FormRules } from 'element-plus';

export interface FindingForm {
  idNumber: string;
  finding: string;
  decidedOn: string;
  documentRef: string;
  revokeApplicationId: string;
}

export const findingRules: FormRules<FindingForm> = {
  idNumber: [{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请填写18位身份证号', trigger: 'blur' }],
  finding: [{ required: true, whitespace: true, message: '请填写失信行为', trigger: 'blur' }],
  decidedOn: [{ required: true, message: '请选择处理决定日期', trigger: 'change' }],
  documentRef: [{ required: true, whitespace: true, message: '请填写处理决定文号', trigger: 'blur' }],
  revokeApplicationId: [{ pattern: /^\d*$/, message: '请填写申报编号（数字）', trigger: 'blur' }],
};
