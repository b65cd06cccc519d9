import type { FormRules } from 'element-plus';
import type { LevelCode } from '../../../api/types';

export interface MeetingForm {
  year: number | null;
  series: string;
  level: LevelCode | '';
  title: string;
  /** el-date-picker value-format 'YYYY-MM-DDTHH:mm:ssZ'. */
  scheduledAt: string;
  reviewersPerFile: number;
}

export const meetingRules: FormRules<MeetingForm> = {
  year: [{ required: true, message: '请选择评审年度', trigger: 'change' }],
  series: [{ required: true, message: '请选择系列', trigger: 'change' }],
  level: [{ required: true, message: '请选择级别', trigger: 'change' }],
  title: [
    { required: true, message: '请填写会议名称', trigger: 'blur' },
    { min: 2, max: 100, message: '会议名称为2至100个字', trigger: 'blur' },
  ],
  scheduledAt: [{ required: true, message: '请选择会议时间', trigger: 'change' }],
  reviewersPerFile: [{ required: true, message: '请填写每份材料的评审专家人数', trigger: 'change' }],
};

export const MEETING_STATUS_TAG: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  planned: 'info',
  voting: 'warning',
  closed: 'primary',
  published: 'warning',
  final: 'success',
};

export { chineseDate, formatDateTime } from '../../shared/format';
