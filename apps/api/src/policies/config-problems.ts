import { HttpStatus } from '@nestjs/common';
import { ConfigRefusal, type ConfigActor, type ConfigRefusalCode } from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { BanliProblem } from '../common/problem';

/** HTTP status (and the code the client sees) of each refusal of the policy and jurisdiction stores. */
const STATUS: Record<ConfigRefusalCode, [HttpStatus, string]> = {
  POLICY_EXISTS: [HttpStatus.CONFLICT, 'POLICY_EXISTS'],
  POLICY_NOT_FOUND: [HttpStatus.NOT_FOUND, 'NOT_FOUND'],
  SHIPPED_POLICY_READ_ONLY: [HttpStatus.CONFLICT, 'SHIPPED_POLICY_READ_ONLY'],
  UNKNOWN_POLICY: [HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_POLICY'],
  UNKNOWN_POLICY_VERSION: [HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_POLICY_VERSION'],
  POLICY_INVALID: [HttpStatus.UNPROCESSABLE_ENTITY, 'POLICY_INVALID'],
  JURISDICTION_EXISTS: [HttpStatus.CONFLICT, 'JURISDICTION_EXISTS'],
  JURISDICTION_NOT_FOUND: [HttpStatus.NOT_FOUND, 'NOT_FOUND'],
  SHIPPED_READ_ONLY: [HttpStatus.CONFLICT, 'SHIPPED_READ_ONLY'],
  CHANNEL_NOT_COVERED: [HttpStatus.UNPROCESSABLE_ENTITY, 'CHANNEL_NOT_COVERED'],
  JURISDICTION_INVALID: [HttpStatus.UNPROCESSABLE_ENTITY, 'JURISDICTION_INVALID'],
};

/** A store refusal as the problem the client reads; anything else as it was. */
export function asProblem(e: unknown): unknown {
  if (!(e instanceof ConfigRefusal)) return e;
  const [status, code] = STATUS[e.code];
  return new BanliProblem(status, code, e.message, e.details);
}

/** Runs a store call, turning its refusals into problems. */
export async function refusalsAsProblems<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw asProblem(e);
  }
}

/** The signed-in administrator as the audit trail names them. */
export function configActor(p: Principal): ConfigActor {
  return { id: p.id, role: p.role, name: p.displayName };
}
