// 系列与专业 page: the add form's defaults and rules.
import type { NewSpecialty } from '../../../api/admin';

export const emptySpecialty = (): NewSpecialty => ({ seriesCode: '', series: '', name: '', committeeId: null });

export const rules = {
  seriesCode: [{ required: true, pattern: /^[A-Za-z]{1,6}$/, message: '系列代码应为1—6个字母，如 WS', trigger: 'blur' }],
  series: [{ required: true, message: '请填写系列名称', trigger: 'blur' }],
  name: [{ required: true, message: '请填写专业名称', trigger: 'blur' }],
};
