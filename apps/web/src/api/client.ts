/**
 * The API client, typed from the API's OpenAPI document (api/schema.d.ts is generated from it at
 * build time: a renamed field breaks the build, not the user). Every failure becomes an ApiProblem.
 */
import createClient from 'openapi-fetch';
import { session, type TokenAnswer } from '../session';
import { ApiProblem } from './problem';
import type { paths } from './schema';

/** 401 codes meaning the signed-in session itself is no longer valid. */
const SESSION_CODES = [
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
];

let onExpired: (p: ApiProblem) => void = () => {};
/** Called once a signed-in request comes back 401 for the session itself. */
export function whenSessionEnds(fn: (p: ApiProblem) => void) {
  onExpired = fn;
}

async function raw(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    throw new ApiProblem(0, { code: 'NETWORK', detail: '无法连接服务器，请检查网络后重试 (network error)' });
  }
}

let refreshing: Promise<void> | null = null;
/** Swaps the token for a fresh one (once, however many callers ask at the same moment). */
export function refreshSession(): Promise<void> {
  refreshing ??= (async () => {
    try {
      const res = await raw('/auth/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, accept: 'application/json' },
      });
      if (res.ok) session.save((await res.json()) as TokenAnswer);
      else await failure(res, session.token); // ends the session when the refresh is refused
    } catch {
      /* a refused refresh has already ended the session */
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Turns a failed response into an ApiProblem (ending the session on its own 401). */
async function failure(res: Response, token: string | null): Promise<never> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  const problem = new ApiProblem(res.status, body);
  // only the session's own failure signs out (a 401 LINK_INVALID from a task link does not)
  if (res.status === 401 && token && SESSION_CODES.includes(problem.code)) onExpired(problem);
  throw problem;
}

async function send(input: Request): Promise<Response> {
  const path = new URL(input.url).pathname;
  if (path !== '/auth/refresh' && path !== '/auth/login' && session.dueForRefresh()) await refreshSession();
  const token = session.token;
  const headers = new Headers(input.headers);
  headers.set('accept', 'application/json, application/problem+json');
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await raw(input.url, {
    method: input.method,
    headers,
    body: input.body ? await input.arrayBuffer() : undefined,
  });
  if (!res.ok) await failure(res, token);
  return res;
}

/** Typed calls: `await api.GET('/proposals/{id}', { params: { path: { id } } })` → its `data`. */
export const api = createClient<paths>({ baseUrl: location.origin, fetch: send });

/** The answer's data of an openapi-fetch call (failures have already thrown). */
export async function data<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/** A multipart upload (import files), answered as { status, data }. */
export async function upload(path: string, form: FormData): Promise<{ status: number; data: unknown }> {
  const res = await send(new Request(new URL(path, location.origin), { method: 'POST', body: form }));
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}
