// Error codes (SCREAMING_SNAKE, one registry) with their HTTP status and Chinese title.
// Each detail message says what is wrong and what to do.
export const ERRORS = {
  VALIDATION: { status: 400, title: '请求内容有误' },
  UNAUTHENTICATED: { status: 401, title: '请先登录' },
  BAD_CREDENTIALS: { status: 401, title: '用户名或密码错误' },
  FORBIDDEN: { status: 403, title: '没有权限' },
  NOT_FOUND: { status: 404, title: '未找到' },
  VERSION_CONFLICT: { status: 409, title: '数据已被修改' },
  INVALID_TRANSITION: { status: 409, title: '当前状态不允许此操作' },
  NOT_EDITABLE: { status: 409, title: '材料不可修改' },
  ALREADY_EXISTS: { status: 409, title: '已存在' },
  DECLARATION_INCOMPLETE: { status: 422, title: '申报材料不完整' },
  INVALID_INPUT: { status: 422, title: '填写内容有误' },
  INVALID_ID_NUMBER: { status: 422, title: '身份证号有误' },
  UPLOAD_REJECTED: { status: 422, title: '附件不符合要求' },
  INTEGRITY_BAN: { status: 403, title: '诚信档案限制' },
  YEAR_CLOSED: { status: 422, title: '评审年度未开放' },
  CALENDAR_RANGE: { status: 422, title: '超出节假日数据范围' },
  TOO_LARGE: { status: 413, title: '上传文件过大' },
  PUBLICITY_NOT_STARTED: { status: 422, title: '尚未公示' },
  PUBLICITY_NOT_ENDED: { status: 422, title: '公示期未满' },
  PUBLICITY_START_PAST: { status: 422, title: '公示开始日期有误' },
  OBJECTION_UNRESOLVED: { status: 422, title: '异议尚未处理' },
  OBJECTION_OUTSIDE_PUBLICITY: { status: 422, title: '不在公示期内' },
  REASON_REQUIRED: { status: 422, title: '请填写原因' },
  SCAN_REQUIRED: { status: 422, title: '请上传盖章扫描件' },
  DOC_DATA_INCOMPLETE: { status: 422, title: '生成文书所需信息不完整' },
  DOC_NOT_READY: { status: 409, title: '文书尚不能生成' },
  FEE_BATCH_INVALID: { status: 422, title: '缴费信息有误' },
  FEE_DEADLINE_UNSET: { status: 422, title: '未设置缴费截止日期' },
  FEE_DEADLINE_NOT_PASSED: { status: 422, title: '缴费截止日期未到' },
  FEE_PAID_IN_FUTURE: { status: 422, title: '缴费时间有误' },
  FEE_DEADLINE_PASSED: { status: 422, title: '已过缴费截止日期' },
  INTERNAL: { status: 500, title: '系统繁忙' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export const MESSAGES = {
  versionConflict: '该材料已被他人修改，请刷新后重试',
  notFound: '申报材料不存在或无权查看',
  unauthenticated: '登录已过期或尚未登录，请重新登录',
  badCredentials: '用户名或密码错误，请重新输入',
  internal: (reqId: string) => `系统繁忙，请稍后重试（编号 ${reqId}）`,
};
