// The web app's only HTTP client (STYLE §9). The session is an httpOnly cookie set by the server;
// nothing is ever kept in localStorage. problem+json answers become ApiProblem errors.
import { ElMessage } from 'element-plus';

export interface ProblemFieldError {
  field: string;
  message: string;
}

/** An error answer from the server, application/problem+json. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly errors: ProblemFieldError[];
  /** Extra members of the problem document (e.g. `problems` on a 422 submit). */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : '';
    const title = typeof body.title === 'string' ? body.title : '';
    super(detail || title || (status >= 500 ? `系统繁忙，请稍后重试（${status}）` : `请求失败（${status}）`));
    this.name = 'ApiProblem';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : '';
    this.title = title;
    this.detail = this.message;
    this.type = typeof body.type === 'string' ? body.type : 'about:blank';
    this.errors = Array.isArray(body.errors) ? (body.errors as ProblemFieldError[]) : [];
    this.body = body;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Don't show the problem's detail with ElMessage (the caller shows it in place). */
  quiet?: boolean;
  /** A 401 is an ordinary answer here (session probe, login); don't redirect to the login page. */
  allowUnauthorized?: boolean;
  signal?: AbortSignal;
}

type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => {
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/login')) {
    window.location.assign(`/login?redirect=${encodeURIComponent(here)}`);
  }
};

let onPasswordChangeRequired: () => void = () => window.location.assign('/password');

/** The router sends a session with a one-time password to the password change page. */
export function setPasswordChangeHandler(handler: () => void): void {
  onPasswordChangeRequired = handler;
}

/** The router installs a handler that navigates without a full page reload. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return { detail: '服务器返回的数据无法解析' };
    }
  }
  return { detail: text.slice(0, 200) };
}

/** Turns a failed answer into an ApiProblem, shows it, and handles 401. */
export function toProblem(status: number, body: unknown, opts: Pick<RequestOptions, 'quiet' | 'allowUnauthorized'>): ApiProblem {
  const problem = new ApiProblem(status, (body && typeof body === 'object' ? body : {}) as Record<string, unknown>);
  if (status === 401 && !opts.allowUnauthorized) {
    ElMessage.warning(problem.detail && problem.detail !== '请求失败（401）' ? problem.detail : '登录已失效，请重新登录');
    onUnauthorized();
  } else if (status === 403 && problem.code === 'PASSWORD_CHANGE_REQUIRED') {
    ElMessage.warning(problem.detail);
    onPasswordChangeRequired();
  } else if (!opts.quiet) {
    ElMessage.error(problem.detail);
  }
  return problem;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    const problem = new ApiProblem(0, { detail: '网络连接失败，请检查网络后重试', code: 'NETWORK_ERROR' });
    if (!opts.quiet) ElMessage.error(problem.detail);
    throw problem;
  }
  const data = await readBody(res);
  if (!res.ok) throw toProblem(res.status, data, opts);
  return data as T;
}

export const http = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'json'>) => request<T>(path, { ...opts, method: 'GET' }),
  post: <T>(path: string, json?: unknown, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
    request<T>(path, { ...opts, method: 'POST', json: json ?? {} }),
  put: <T>(path: string, json: unknown, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
    request<T>(path, { ...opts, method: 'PUT', json }),
  del: <T = void>(path: string, opts?: Omit<RequestOptions, 'method' | 'json'>) =>
    request<T>(path, { ...opts, method: 'DELETE' }),
};

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/**
 * Multipart upload with progress. fetch() cannot report upload progress, so this one call uses
 * XMLHttpRequest; errors are mapped exactly like request().
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (percent: number) => void,
  opts: Pick<RequestOptions, 'quiet'> = {},
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = { detail: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(data as T);
      } else {
        reject(toProblem(xhr.status, data, opts));
      }
    };
    xhr.onerror = () => {
      const problem = new ApiProblem(0, { detail: '网络连接失败，上传未完成，请重试', code: 'NETWORK_ERROR' });
      if (!opts.quiet) ElMessage.error(problem.detail);
      reject(problem);
    };
    xhr.onabort = () => reject(new ApiProblem(0, { detail: '已取消上传', code: 'UPLOAD_ABORTED' }));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
