import { HttpStatus } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { JSON_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_TEXT, REPLY_TEXT_MAX } from './body-limit';
import { BanliProblem } from './problem';

/**
 * Deepest nesting a body may have: the top-level object is level 1, `{"a":[{}]}` is 3. Every
 * documented body stays within 4 levels; 32 leaves room and keeps recursive code (validation,
 * class-transformer) far from the stack limit.
 */
export const BODY_MAX_DEPTH = 32;

/** Most fields a form (urlencoded) body may have; more answer 413. */
export const FORM_MAX_FIELDS = 1000;

const [QUOTE, BACKSLASH, OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT] = [
  0x22, 0x5c, 0x5b, 0x7b, 0x5d, 0x7d,
];

/**
 * Whether JSON text nests deeper than `max`, counting brackets outside strings. One pass over the
 * raw text, no recursion, stopping at the first level too many: it runs before JSON.parse, so a
 * body of a million `[` costs a few microseconds, not a parse. `at(i)` gives the i-th code unit
 * (a UTF-8 byte or a UTF-16 unit: the characters it looks for are ASCII in both).
 */
export function nestsDeeperThan(length: number, at: (i: number) => number, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/**
 * The JSON parser's `verify` hook: refuses a body nested deeper than BODY_MAX_DEPTH before it is
 * parsed (as a body-parser error of type `entity.too.deep`, answered 400 JSON_TOO_DEEP below).
 * UTF-8 bytes are scanned as they are (no multi-byte sequence holds an ASCII byte); the other
 * Unicode charsets the parser takes are decoded first.
 */
export function verifyJsonDepth(_req: IncomingMessage, _res: ServerResponse, buf: Buffer, encoding: string) {
  const charset = (encoding || 'utf-8').toLowerCase();
  let deep: boolean;
  if (charset === 'utf-8' || charset === 'utf8') {
    deep = nestsDeeperThan(buf.length, (i) => buf[i], BODY_MAX_DEPTH);
  } else {
    let text: string;
    try {
      text = new TextDecoder(charset).decode(buf);
    } catch {
      throw Object.assign(new Error(`unsupported charset "${charset}"`), { type: 'charset.unsupported' });
    }
    deep = nestsDeeperThan(text.length, (i) => text.charCodeAt(i), BODY_MAX_DEPTH);
  }
  if (deep)
    throw Object.assign(new Error(`JSON nested deeper than ${BODY_MAX_DEPTH} levels`), {
      status: HttpStatus.BAD_REQUEST,
      type: 'entity.too.deep',
    });
}

const tooDeep = () =>
  new BanliProblem(
    HttpStatus.BAD_REQUEST,
    'JSON_TOO_DEEP',
    `请求内容嵌套过深：最多 ${BODY_MAX_DEPTH} 层 (the body nests deeper than ${BODY_MAX_DEPTH} levels)`,
    { maxDepth: BODY_MAX_DEPTH },
  );

/** The problem for an error Express's body parser raises before any route runs (by its `type`). */
export function bodyParserProblem(err: unknown): BanliProblem | undefined {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'INVALID_JSON',
        '请求内容不是有效的 JSON (the body is not valid JSON)',
      );
    case 'entity.too.deep':
    case 'querystring.parse.rangeError': // a form body nested deeper than the parser's `depth`
      return tooDeep();
    case 'entity.too.large':
      return new BanliProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'PAYLOAD_TOO_LARGE',
        `请求内容过大：上限为 ${JSON_BODY_LIMIT_TEXT}（答复正文最多 ${REPLY_TEXT_MAX} 字） (request body over the ${JSON_BODY_LIMIT_TEXT} limit)`,
        { limitBytes: JSON_BODY_LIMIT_BYTES },
      );
    case 'parameters.too.many':
      return new BanliProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'TOO_MANY_FIELDS',
        `表单字段过多：最多 ${FORM_MAX_FIELDS} 个 (more than ${FORM_MAX_FIELDS} form fields)`,
        { maxFields: FORM_MAX_FIELDS },
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new BanliProblem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_CHARSET',
        '请以 UTF-8 编码发送 JSON (send JSON in UTF-8)',
      );
    default:
      // any other refusal of the parsers (an aborted upload, a wrong Content-Length): the client's
      if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500)
        return new BanliProblem(
          status,
          'UNREADABLE_BODY',
          `无法读取请求内容 (the body could not be read: ${type})`,
        );
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
