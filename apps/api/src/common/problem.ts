import { HttpStatus } from '@nestjs/common';

/**
 * A refusal the user can act on. Mapped once, at the edge, to application/problem+json with
 * a stable machine-readable `code` and a Chinese-first `detail`.
 */
export class BanliProblem extends Error {
  constructor(
    public readonly status: HttpStatus,
    public readonly code: string,
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) =>
  new BanliProblem(HttpStatus.NOT_FOUND, 'NOT_FOUND', `未找到${what} (not found): ${id}`, { id });

export interface FieldError {
  field: string;
  message: string;
  /** The same in Chinese (validation errors). */
  messageZh?: string;
}
