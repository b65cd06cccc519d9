// Every error leaves the server as application/problem+json (RFC 9457), built by one handler.
// The one place that decides which HTTP status a refusal code is sent with.
import { errorTitle, type ErrorCode, type FieldError } from '../domain/errors';

export type { FieldError } from '../domain/errors';

/** Code → HTTP status. A refusal is 409 (the state forbids it now) or 422 (the input cannot be accepted). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  LOGIN_LOCKED: 429,
  PASSWORD_CHANGE_REQUIRED: 403,
  WEAK_PASSWORD: 422,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  NOT_EDITABLE: 409,
  ALREADY_EXISTS: 409,
  ROW_HAS_ATTACHMENTS: 409,
  DECLARATION_INCOMPLETE: 422,
  INVALID_INPUT: 422,
  INVALID_ID_NUMBER: 422,
  UPLOAD_REJECTED: 422,
  DUPLICATE_EVIDENCE: 422,
  INTEGRITY_BAN: 403,
  YEAR_CLOSED: 422,
  YEAR_ALREADY_CLOSED: 409,
  POLICY_INVALID: 422,
  POLICY_AFFECTS_FILES: 409,
  APPLICATION_WINDOW_CLOSED: 422,
  CALENDAR_RANGE: 422,
  TOO_LARGE: 413,
  UPLOAD_BUSY: 429,
  PUBLICITY_NOT_STARTED: 422,
  PUBLICITY_NOT_ENDED: 422,
  PUBLICITY_START_PAST: 422,
  OBJECTION_UNRESOLVED: 422,
  OBJECTION_OUTSIDE_PUBLICITY: 422,
  REASON_REQUIRED: 422,
  SCAN_REQUIRED: 422,
  AID_APPROVAL_REQUIRED: 422,
  PLAN_REQUIRED: 422,
  REGION_STEP_REQUIRED: 422,
  ENTRUSTMENT_PENDING: 409,
  DOC_DATA_INCOMPLETE: 422,
  DOC_NOT_READY: 409,
  FEE_BATCH_INVALID: 422,
  FEE_DEADLINE_UNSET: 422,
  FEE_DEADLINE_NOT_PASSED: 422,
  FEE_PAID_IN_FUTURE: 422,
  FEE_DEADLINE_PASSED: 422,
  NOT_RETURNED: 409,
  NO_DEADLINE: 409,
  DEADLINE_NOT_PASSED: 409,
  MEETING_STATUS: 409,
  ROSTER_EMPTY: 422,
  QUORUM_NOT_REACHED: 422,
  REVIEWS_INCOMPLETE: 422,
  NO_FILES: 422,
  ASSIGNMENT_IMPOSSIBLE: 422,
  CONFLICT_OF_INTEREST: 409,
  EXPERT_HAS_REVIEWS: 409,
  MEETING_HAS_FILES: 409,
  BALLOT_NOT_OPEN: 409,
  NOT_PRESENT: 409,
  ALREADY_VOTED: 409,
  TALLY_KEY_INVALID: 422,
  VOTES_MISSING: 409,
  MEETING_NOT_YET: 409,
  TALLY_KEY_MISMATCH: 422,
  BALLOT_BOX_DAMAGED: 500,
  ALREADY_SUBMITTED: 409,
  ALREADY_RESOLVED: 409,
  CERTIFICATE_REVOKED: 409,
  ALREADY_REVOKED: 409,
  ORG_PLACEMENT: 422,
  ORG_INACTIVE: 409,
  ORG_HAS_FILES: 409,
  ORG_IN_USE: 409,
  ROLE_NOT_GRANTABLE: 422,
  ROLE_ABOVE_OWN: 403,
  ROLE_ORG_KIND: 422,
  ACCOUNT_DISABLED: 403,
  IMPORT_FORMAT: 422,
  IMPORT_ROWS_INVALID: 422,
  INTERNAL: 500,
};

export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 422;
}

/** Shown for any error we did not expect; the full error goes to the log under the same id. */
export function internalErrorDetail(reqId: string): string {
  return `系统繁忙，请稍后重试（编号 ${reqId}）`;
}

export function problemBody(code: ErrorCode, status: number, detail: string, errors?: FieldError[]) {
  return {
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: errorTitle(code),
    status,
    code,
    detail,
    ...(errors && errors.length ? { errors } : {}),
  };
}
