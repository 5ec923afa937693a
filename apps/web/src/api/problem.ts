/**
 * A refusal from the API (RFC 9457 problem details with Banli's `code`), or a failure to reach it.
 * Pages show `detail` first, then code, status and request id.
 */
export interface FieldProblem {
  field?: string;
  message?: string;
  messageZh?: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly requestId: string;
  /** The whole problem document (extra members such as existingId). */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: unknown) {
    const problem = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const detail =
      typeof problem.detail === 'string'
        ? problem.detail
        : typeof body === 'string' && body
          ? body
          : `请求失败 (HTTP ${status})`;
    super(detail);
    this.status = status;
    this.code = typeof problem.code === 'string' ? problem.code : status ? `HTTP_${status}` : 'NETWORK';
    this.detail = detail;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]) : [];
    this.requestId = typeof problem.requestId === 'string' ? problem.requestId : '';
    this.body = problem;
  }
}

/** A refusal raised in the page before anything is sent. */
export const formProblem = (detail: string) => new ApiProblem(0, { code: 'FORM_INVALID', detail });

/** Whatever was thrown, as a problem to show. */
export function asProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  return new ApiProblem(0, { code: 'ERROR', detail: e instanceof Error ? e.message : String(e) });
}
