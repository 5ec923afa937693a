import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { JSON_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_TEXT, REPLY_TEXT_MAX } from './body-limit';
import { BanliProblem } from './problem';

/** The problem for an error Express's body parser raises before any route runs (by its `type`). */
export function bodyParserProblem(err: unknown): BanliProblem | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'INVALID_JSON',
        '请求内容不是有效的 JSON (the body is not valid JSON)',
      );
    case 'entity.too.large':
      return new BanliProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'PAYLOAD_TOO_LARGE',
        `请求内容过大：上限为 ${JSON_BODY_LIMIT_TEXT}（答复正文最多 ${REPLY_TEXT_MAX} 字） (request body over the ${JSON_BODY_LIMIT_TEXT} limit)`,
        { limitBytes: JSON_BODY_LIMIT_BYTES },
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new BanliProblem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_CHARSET',
        '请以 UTF-8 编码发送 JSON (send JSON in UTF-8)',
      );
    default:
      return undefined;
  }
}

/**
 * Express error middleware, mounted right after the body parsers: their errors leave as the
 * project's problems (ProblemFilter writes them); anything else passes on unchanged.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next(bodyParserProblem(err) ?? err);
}
