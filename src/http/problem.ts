// Every error leaves the server as application/problem+json (RFC 9457), built by one handler.
import { ERRORS, type ErrorCode } from './messages.zh';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode | string,
    readonly detail: string,
    readonly errors?: FieldError[],
    status?: number,
  ) {
    super(detail);
    this.status = status ?? (ERRORS as Record<string, { status: number }>)[code]?.status ?? 422;
  }
}

export function problemBody(code: string, status: number, detail: string, errors?: FieldError[]) {
  const title = (ERRORS as Record<string, { title: string }>)[code]?.title ?? '请求未能完成';
  return {
    type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    code,
    detail,
    ...(errors && errors.length ? { errors } : {}),
  };
}
