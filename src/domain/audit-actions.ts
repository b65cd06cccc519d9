// What each audit_log.action means, in Chinese, for the audit log viewer (issue 10). Status changes
// use the state machine's event names; the other actions are listed here once.
import { EVENT_LABELS } from './state-machine';

const OTHER_ACTIONS: Record<string, string> = {
  create: '新建申报',
  save_section: '保存申报内容',
  upload_attachment: '上传附件',
  delete_attachment: '删除附件',
  confirm_masking: '确认遮盖',
  masked: '生成遮盖副本',
  override_masking: '办事机构更正遮盖',
  upload_review_document: '上传盖章扫描件',
  record_objection: '登记公示异议',
  resolve_objection: '处理公示异议',
  fee_recorded: '登记缴费',
  fee_confirmed: '财务确认缴费',
  integrity_record: '记入诚信档案',
  entrustment_request: '申请委托评审',
  entrustment_approve: '批准委托评审',
  entrustment_reject: '不批准委托评审',
  entrustment_route: '转至受托评审委员会',
  meeting_create: '创建评审会',
  meeting_update: '修改评审会',
  meeting_delete: '删除评审会',
  meeting_roster: '调整评审专家',
  meeting_attendance: '登记到会',
  meeting_finalise: '评审结果定稿',
  conflict_add: '登记回避',
  conflict_remove: '取消回避',
  assign_auto: '自动分配专家',
  assign_hand: '手工分配专家',
  review_submit: '专家提交评审意见',
  ballot_open: '开始投票',
  ballot_close: '结束投票并计票',
  ballot_restart: '重新投票',
  result_publish: '公示评审结果',
  result_objection: '登记结果异议',
  result_objection_resolve: '处理结果异议',
  certificate_issue: '颁发电子证书',
  certificate_revoke: '撤销电子证书',
  register: '注册',
  register_existing: '重复注册',
  login: '登录',
  login_failed: '登录失败',
  login_locked: '暂停登录',
  password_change: '修改密码',
  password_reset: '重置密码',
  admin_create: '创建管理员',
  retention_sweep: '每日清理',
  policy_year_opened: '开启评审年度',
  policy_changed: '修改评审政策',
  policy_year_closed: '关闭评审年度',
  year_deadline_passed: '截止日期已过（系统）',
  deadline_reminder_sent: '截止前提醒（系统）',
};

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = { ...OTHER_ACTIONS, ...EVENT_LABELS };

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
