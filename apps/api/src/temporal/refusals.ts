import { HttpStatus } from '@nestjs/common';
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { RefusalCode, WorkflowRefusalCode } from '@banli/domain';
import { BanliProblem } from '../common/problem';

/**
 * The one table from workflow refusal to HTTP status:
 *   403 — the lifecycle does not recognise this person for this act (wrong unit, not the leader, not a proposer);
 *   409 — the case is not in a state that allows it now (stage, hold, pending or already-done requests);
 *   422 — the request breaks a handling rule (closed window, cap, missing contact, invalid input, wrong unit role);
 *   503 — deadline planning failed (a worker-side problem; the action was not applied).
 * Typed over RefusalCode, so a new lifecycle code does not compile until it is placed here.
 */
export const REFUSAL_STATUS: Record<RefusalCode | WorkflowRefusalCode, HttpStatus> = {
  FORBIDDEN_ROLE: HttpStatus.FORBIDDEN,
  NOT_ASSIGNED_UNIT: HttpStatus.FORBIDDEN,
  NOT_UNIT_LEADER: HttpStatus.FORBIDDEN,
  NOT_A_PROPOSER: HttpStatus.FORBIDDEN,

  WRONG_STAGE: HttpStatus.CONFLICT,
  ON_HOLD: HttpStatus.CONFLICT,
  NOT_ON_HOLD: HttpStatus.CONFLICT,
  UNIT_ALREADY_ASSIGNED: HttpStatus.CONFLICT,
  ADJUSTMENT_PENDING: HttpStatus.CONFLICT,
  ADJUSTMENT_NOT_REQUESTED: HttpStatus.CONFLICT,
  EXTENSION_PENDING: HttpStatus.CONFLICT,
  EXTENSION_NOT_REQUESTED: HttpStatus.CONFLICT,
  NOT_SIGNED_OFF: HttpStatus.CONFLICT,
  ALREADY_RATED: HttpStatus.CONFLICT,
  FEEDBACK_WINDOW_OPEN: HttpStatus.CONFLICT,
  COUNTERSIGN_PENDING: HttpStatus.CONFLICT,
  NOT_IN_COUNTERSIGN: HttpStatus.CONFLICT,
  REVIEW_PENDING: HttpStatus.CONFLICT,
  NOT_IN_REVIEW: HttpStatus.CONFLICT,
  ALREADY_PUBLISHED: HttpStatus.CONFLICT,
  NOT_REPLIED: HttpStatus.CONFLICT,

  INVALID_COMMAND: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_ASSIGNMENT: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_REPLY_CLASS: HttpStatus.UNPROCESSABLE_ENTITY,
  UNKNOWN_UNIT: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_LEAD_UNIT: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_CO_HANDLER: HttpStatus.UNPROCESSABLE_ENTITY,
  ADJUSTMENT_WINDOW_CLOSED: HttpStatus.UNPROCESSABLE_ENTITY,
  CONTACT_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
  CO_OPINIONS_PENDING: HttpStatus.CONFLICT,
  DRAFT_MISMATCH: HttpStatus.UNPROCESSABLE_ENTITY,
  EXTENSION_CAP_UNKNOWN: HttpStatus.UNPROCESSABLE_ENTITY,
  EXTENSION_BEYOND_CAP: HttpStatus.UNPROCESSABLE_ENTITY,
  EXTENSION_NOT_LATER: HttpStatus.UNPROCESSABLE_ENTITY,
  FEEDBACK_WINDOW_CLOSED: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_DATE: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_JOINT_REPLY: HttpStatus.UNPROCESSABLE_ENTITY,
  PUBLICATION_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,

  DEADLINE_PLANNING_FAILED: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Status of a refusal code; a code this table does not know yet is treated as a rule violation. */
export const refusalStatus = (code: string): HttpStatus =>
  REFUSAL_STATUS[code as keyof typeof REFUSAL_STATUS] ?? HttpStatus.UNPROCESSABLE_ENTITY;

/** Codes of a list grouped by status, for the OpenAPI error descriptions. */
export function codesByStatus(codes: readonly string[]): Map<HttpStatus, string[]> {
  const out = new Map<HttpStatus, string[]>();
  for (const c of codes) out.set(refusalStatus(c), [...(out.get(refusalStatus(c)) ?? []), c]);
  return out;
}

/**
 * Turns what `executeUpdate` threw into a problem: a validator's refusal keeps the workflow's
 * code and Chinese-first message; an ended case is 409 CASE_ENDED; Temporal trouble is 503/504.
 * Anything else is rethrown (500).
 */
export function problemFromWorkflowError(e: unknown): unknown {
  if (e instanceof WorkflowUpdateFailedError) {
    const cause = e.cause;
    if (cause instanceof ApplicationFailure && cause.type) {
      return new BanliProblem(refusalStatus(cause.type), cause.type, cause.message, {
        refusedBy: 'workflow',
      });
    }
    return new BanliProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'ACTION_FAILED',
      `操作未能完成：${cause?.message ?? e.message} (the action failed)`,
    );
  }
  if (e instanceof WorkflowNotFoundError) {
    return new BanliProblem(
      HttpStatus.CONFLICT,
      'CASE_ENDED',
      '案件流程已结束，不能再执行操作 (the case workflow has ended)',
    );
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new BanliProblem(
      HttpStatus.GATEWAY_TIMEOUT,
      'ACTION_TIMEOUT',
      '操作超时，结果未知：请稍后查看案件状态再决定是否重试 (the action timed out; check the case state before retrying)',
    );
  }
  if (e instanceof ServiceError) return temporalUnavailable();
  return e;
}

export const temporalUnavailable = () =>
  new BanliProblem(
    HttpStatus.SERVICE_UNAVAILABLE,
    'TEMPORAL_UNAVAILABLE',
    '工作流服务暂不可用，请稍后重试 (Temporal is unavailable)',
  );

/**
 * What the client throws when a call ran out of its deadline (withDeadline): DEADLINE_EXCEEDED, or
 * CANCELLED when the deadline struck between the retries of an update, on the error or its cause.
 */
export const isDeadlineError = (e: unknown): boolean =>
  e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(e) || isGrpcCancelledError(e);

/**
 * Temporal answers, but no worker takes the case's tasks (it is down, or stuck):
 *   notSent — refused before sending, as no worker polls the task queue: nothing was done;
 *   pending — the update was sent and not taken up by its deadline. Temporal keeps it for the
 *             worker, which may still carry it out when it is back: look at the case before retrying
 *             (a second copy of a lifecycle act is normally refused, e.g. WRONG_STAGE);
 *   query   — the live state cannot be read now.
 */
export const workerUnavailable = (what: 'notSent' | 'pending' | 'query') =>
  new BanliProblem(
    HttpStatus.SERVICE_UNAVAILABLE,
    'WORKER_UNAVAILABLE',
    {
      notSent:
        '办理服务暂时不可用：没有工作进程处理案件，操作未执行，请稍后重试 (no worker is processing cases: the action was not carried out; try again later)',
      pending:
        '办理服务暂时不可用：没有工作进程处理案件，操作尚未执行；工作进程恢复后可能补办，请稍后查看案件状态再决定是否重试 ' +
        '(no worker took the action in time: it has not been carried out, but may still be once a worker is back; check the case before retrying)',
      query:
        '办理服务暂时不可用：没有工作进程处理案件，暂时无法读取实时状态，请稍后重试 (no worker is processing cases: the live state cannot be read now; try again later)',
    }[what],
    what === 'query' ? {} : { mayStillApply: what === 'pending' },
  );
