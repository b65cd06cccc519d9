// Refusals and their codes (STYLE §3, §6). A service that will not do something throws
// `Refused(code, detail, errors)`; the code is registered here once, with the Chinese title the user
// sees above the detail. Which HTTP status a code is sent with is the HTTP layer's business
// (src/http/problem.ts), so nothing below src/http imports from it.

/** Code → Chinese title. Each detail message (built where the rule is) says what is wrong and what to do. */
export const ERRORS = {
  VALIDATION: { title: '请求内容有误' },
  UNAUTHENTICATED: { title: '请先登录' },
  BAD_CREDENTIALS: { title: '用户名或密码错误' },
  // too many failed logins for the account or the address; the detail says when to retry
  LOGIN_LOCKED: { title: '暂停登录' },
  // signed in with a one-time password: only the password change is allowed until it is changed
  PASSWORD_CHANGE_REQUIRED: { title: '请先修改密码' },
  WEAK_PASSWORD: { title: '密码不符合要求' },
  FORBIDDEN: { title: '没有权限' },
  NOT_FOUND: { title: '未找到' },
  VERSION_CONFLICT: { title: '数据已被修改' },
  INVALID_TRANSITION: { title: '当前状态不允许此操作' },
  NOT_EDITABLE: { title: '材料不可修改' },
  ALREADY_EXISTS: { title: '已存在' },
  ROW_HAS_ATTACHMENTS: { title: '该行还有附件' },
  DECLARATION_INCOMPLETE: { title: '申报材料不完整' },
  INVALID_INPUT: { title: '填写内容有误' },
  INVALID_ID_NUMBER: { title: '身份证号有误' },
  UPLOAD_REJECTED: { title: '附件不符合要求' },
  // the same image (same bytes or near-identical pixels) is already in the other of A10/A13
  DUPLICATE_EVIDENCE: { title: '材料重复上传' },
  INTEGRITY_BAN: { title: '诚信档案限制' },
  YEAR_CLOSED: { title: '评审年度未开放' },
  // closing a review year that is already closed
  YEAR_ALREADY_CLOSED: { title: '评审年度已关闭' },
  // a policy value the setting's validator refuses; errors[] names the setting
  POLICY_INVALID: { title: '评审政策设置有误' },
  // a policy change that acts on files already in the year, sent without the administrator's confirmation
  POLICY_AFFECTS_FILES: { title: '修改将影响已有申报材料' },
  // before the year's application_opens_on or after its application_closes_on
  APPLICATION_WINDOW_CLOSED: { title: '不在申报时间内' },
  CALENDAR_RANGE: { title: '超出节假日数据范围' },
  TOO_LARGE: { title: '上传文件过大' },
  // the user already has as many uploads in flight as allowed; the detail says to retry after them
  UPLOAD_BUSY: { title: '上传过于频繁' },
  PUBLICITY_NOT_STARTED: { title: '尚未公示' },
  PUBLICITY_NOT_ENDED: { title: '公示期未满' },
  PUBLICITY_START_PAST: { title: '公示开始日期有误' },
  OBJECTION_UNRESOLVED: { title: '异议尚未处理' },
  OBJECTION_OUTSIDE_PUBLICITY: { title: '不在公示期内' },
  REASON_REQUIRED: { title: '请填写原因' },
  SCAN_REQUIRED: { title: '请上传盖章扫描件' },
  // R5: a county or joint review without its plan filed, or an entrusted one without the region's answer
  PLAN_REQUIRED: { title: '请报备评审方案' },
  REGION_STEP_REQUIRED: { title: '需自治区人社厅同意' },
  // R5: a review may not start while its specialty's entrustment is being decided
  ENTRUSTMENT_PENDING: { title: '委托（联合）评审待审批' },
  // U5: an aid posting's file without the dispatching unit's approval on record
  AID_APPROVAL_REQUIRED: { title: '需派出单位审核同意' },
  DOC_DATA_INCOMPLETE: { title: '生成文书所需信息不完整' },
  DOC_NOT_READY: { title: '文书尚不能生成' },
  FEE_BATCH_INVALID: { title: '缴费信息有误' },
  FEE_DEADLINE_UNSET: { title: '未设置缴费截止日期' },
  FEE_DEADLINE_NOT_PASSED: { title: '缴费截止日期未到' },
  FEE_PAID_IN_FUTURE: { title: '缴费时间有误' },
  FEE_DEADLINE_PASSED: { title: '已过缴费截止日期' },
  // R2 deadline job only: why a returned file is not (yet) abandoned; never sent to a user
  NOT_RETURNED: { title: '材料不在退回待补充状态' },
  NO_DEADLINE: { title: '材料没有补充期限' },
  DEADLINE_NOT_PASSED: { title: '补充期限尚未届满' },
  MEETING_STATUS: { title: '评审会当前状态不允许此操作' },
  ROSTER_EMPTY: { title: '评审会尚无专家' },
  QUORUM_NOT_REACHED: { title: '到会专家不足法定人数' },
  REVIEWS_INCOMPLETE: { title: '专家评审意见尚未全部提交' },
  NO_FILES: { title: '没有可分配的材料' },
  ASSIGNMENT_IMPOSSIBLE: { title: '无法分配专家' },
  CONFLICT_OF_INTEREST: { title: '需要回避' },
  EXPERT_HAS_REVIEWS: { title: '该专家已有评审记录' },
  MEETING_HAS_FILES: { title: '评审会已有材料' },
  BALLOT_NOT_OPEN: { title: '投票尚未开始或已结束' },
  NOT_PRESENT: { title: '未登记到会' },
  ALREADY_VOTED: { title: '已投票' },
  TALLY_KEY_INVALID: { title: '计票密钥有误' },
  // closing a ballot while eligible experts have not voted, without the office's second confirmation
  VOTES_MISSING: { title: '还有专家未投票' },
  // voting, counting or publishing results before the meeting's scheduled day
  MEETING_NOT_YET: { title: '评审会尚未召开' },
  TALLY_KEY_MISMATCH: { title: '计票密钥与本次投票不符' },
  BALLOT_BOX_DAMAGED: { title: '投票箱数据异常' },
  ALREADY_SUBMITTED: { title: '已提交' },
  ALREADY_RESOLVED: { title: '已处理' },
  CERTIFICATE_REVOKED: { title: '证书已撤销' },
  ALREADY_REVOKED: { title: '已撤销' },
  // administration (issue 10)
  ORG_PLACEMENT: { title: '上级单位不符合要求' },
  ORG_INACTIVE: { title: '单位已停用' },
  ORG_HAS_FILES: { title: '单位已有申报材料' },
  ORG_IN_USE: { title: '单位仍在使用' },
  ROLE_NOT_GRANTABLE: { title: '该角色不能授予' },
  ROLE_ABOVE_OWN: { title: '不能授予高于自己的角色' },
  ROLE_ORG_KIND: { title: '角色与单位类别不符' },
  ACCOUNT_DISABLED: { title: '账号已停用' },
  IMPORT_FORMAT: { title: '导入文件格式有误' },
  IMPORT_ROWS_INVALID: { title: '导入内容有误' },
  INTERNAL: { title: '系统繁忙' },
} as const satisfies Record<string, { title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export function errorTitle(code: ErrorCode): string {
  return ERRORS[code]?.title ?? '请求未能完成';
}

/** Details used in many places. */
export const MESSAGES = {
  versionConflict: '该材料已被他人修改，请刷新后重试',
  notFound: '申报材料不存在或无权查看',
  unauthenticated: '登录已过期或尚未登录，请重新登录',
  badCredentials: '用户名或密码错误，请重新输入',
  passwordChangeRequired: '您正在使用一次性密码，请先修改密码后再继续使用系统',
  accountDisabled: '该账号已停用，不能登录；如需继续使用，请联系所在单位或州人社局管理员启用',
  /** The one answer to a well-formed registration, whether or not the ID number was registered (issue 9 item 4). */
  registered: '注册信息已提交，请用身份证号和刚设置的密码登录。如该身份证号此前已注册，请用原密码直接登录；忘记密码请联系推荐单位',
  /** What the register page shows when the new password does not sign in: the ID number had an account. */
  registeredLoginFailed: '无法用刚设置的密码登录：如该身份证号已注册，请直接登录；忘记密码请联系推荐单位重置',
};

/** One form item's complaint, keyed as the web app keys its form items. */
export interface FieldError {
  field: string;
  message: string;
}

/** A decision not to do something, as pure domain functions return it (`whyNot…`). */
export interface Refusal {
  code: ErrorCode;
  message: string;
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

/** Thrown by services: a refusal with a detail for the user and, optionally, per-field errors. */
export class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'Refused';
  }
}
