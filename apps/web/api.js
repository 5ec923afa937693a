// The API client: JSON over fetch with the bearer token kept in sessionStorage (gone when the
// tab closes). Every failure becomes an ApiError carrying the problem document's code and detail.

const KEY = 'banli.session';
/** 401 codes meaning the signed-in session itself is no longer valid. */
const SESSION_CODES = ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID'];

export class ApiError extends Error {
  constructor(status, body) {
    const problem = body && typeof body === 'object' ? body : {};
    const detail = problem.detail ?? (typeof body === 'string' && body ? body : `请求失败 (HTTP ${status})`);
    super(detail);
    this.status = status;
    this.code = problem.code ?? (status ? `HTTP_${status}` : 'NETWORK');
    this.detail = detail;
    this.title = problem.title ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.requestId ?? '';
    /** The whole problem document (extra members such as existingId). */
    this.body = problem;
  }
}

export const session = {
  read() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  get token() {
    return this.read()?.token ?? null;
  },
  get user() {
    return this.read()?.user ?? null;
  },
  save(token, user) {
    sessionStorage.setItem(KEY, JSON.stringify({ token, user }));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

let onExpired = () => {};
/** Called once a signed-in request comes back 401 (token expired or account deactivated). */
export function whenSessionEnds(fn) {
  onExpired = fn;
}

/** One API call; resolves to the parsed body (and status), rejects with ApiError. */
export async function api(method, path, body) {
  const headers = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = session.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', detail: '无法连接服务器，请检查网络后重试 (network error)' });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    // only the session's own failure signs out (a 401 LINK_INVALID from a task link does not)
    if (res.status === 401 && token && SESSION_CODES.includes(err.code)) onExpired(err);
    throw err;
  }
  return { status: res.status, data };
}

export const get = async (path) => (await api('GET', path)).data;
export const post = async (path, body) => (await api('POST', path, body)).data;

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
