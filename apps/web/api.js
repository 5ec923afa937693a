// The API client: JSON over fetch with the bearer token kept in sessionStorage (gone when the
// tab closes). Every failure becomes an ApiError carrying the problem document's code and detail.
// Access tokens are short-lived: while someone is working (requests, typing, clicking) the token
// is swapped for a fresh one a few minutes before it runs out (POST /auth/refresh), until the
// session's maximum age; an idle tab simply lets it expire.

const KEY = 'banli.session';
/** 401 codes meaning the signed-in session itself is no longer valid. */
const SESSION_CODES = [
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
];
/** Refresh this long before the token expires. */
const REFRESH_AHEAD_MS = 5 * 60_000;

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
  /** Stores a token response of POST /auth/login or /auth/refresh. */
  save(res) {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        token: res.accessToken,
        user: res.user,
        expiresAt: Date.now() + (res.expiresIn ?? 0) * 1000,
        sessionExpiresAt: res.sessionExpiresAt ? Date.parse(res.sessionExpiresAt) : null,
      }),
    );
  },
  /** Whether the token should be swapped now: it runs out soon and the session may still grow. */
  dueForRefresh(now = Date.now()) {
    const s = this.read();
    if (!s?.token || !s.expiresAt) return false;
    if (s.sessionExpiresAt && now >= s.sessionExpiresAt) return false;
    return s.expiresAt - now < REFRESH_AHEAD_MS && s.expiresAt > now;
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

let refreshing = null;
/** Swaps the token for a fresh one (once, however many callers ask at the same moment). */
export function refreshSession() {
  if (!refreshing) {
    refreshing = send('POST', '/auth/refresh')
      .then((r) => session.save(r.data))
      .catch(() => {}) // a refused refresh has already ended the session (onExpired)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

let activeSince = 0;
/** Typing and clicking count as work, so a long reply draft does not lose its session. */
export function keepSessionWhileActive() {
  const mark = () => {
    activeSince = Date.now();
  };
  for (const ev of ['keydown', 'pointerdown', 'input']) addEventListener(ev, mark, { passive: true });
  setInterval(() => {
    if (activeSince && session.dueForRefresh()) {
      activeSince = 0;
      void refreshSession();
    }
  }, 30_000);
}

/** One API call; resolves to the parsed body (and status), rejects with ApiError. */
export async function api(method, path, body) {
  if (path !== '/auth/refresh' && path !== '/auth/login' && session.dueForRefresh()) await refreshSession();
  return send(method, path, body);
}

async function send(method, path, body) {
  const headers = { accept: 'application/json, application/problem+json' };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  // a FormData body (file upload) sets its own multipart content type
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  const token = session.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
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
/** Multipart upload (a FormData with the file and fields); resolves to { status, data }. */
export const upload = (path, form) => api('POST', path, form);

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
