import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { JSON_BODY_LIMIT_BYTES, JSON_BODY_LIMIT_TEXT } from './body-limit';
import { BanliProblem } from './problem';

const invalidJson = () =>
  new BanliProblem(
    HttpStatus.BAD_REQUEST,
    'INVALID_JSON',
    '请求内容不是有效的 JSON (the body is not valid JSON)',
  );

/** An error the body parser raises before any route runs (express body-parser's `type`). */
function bodyParserProblem(err: unknown): BanliProblem | undefined {
  // Nest turns the parser's SyntaxError into a bare 400 before filters see it
  if (err instanceof BadRequestException) {
    const body = err.getResponse() as { message?: unknown; code?: unknown } | string;
    const message = typeof body === 'string' ? body : body?.message;
    if (typeof body !== 'string' && body?.code) return undefined;
    if (typeof message === 'string' && /JSON|Unexpected (token|end)/.test(message)) return invalidJson();
    return undefined;
  }
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.too.large':
      return new BanliProblem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'PAYLOAD_TOO_LARGE',
        `请求内容过大：上限为 ${JSON_BODY_LIMIT_TEXT}（答复正文最多 200000 字） (request body over the ${JSON_BODY_LIMIT_TEXT} limit)`,
        { limitBytes: JSON_BODY_LIMIT_BYTES },
      );
    case 'entity.parse.failed':
      return invalidJson();
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

const TITLES: Record<number, string> = {
  400: '请求无效 (Bad Request)',
  401: '未登录 (Unauthorized)',
  403: '无权操作 (Forbidden)',
  404: '未找到 (Not Found)',
  409: '冲突 (Conflict)',
  413: '请求内容过大 (Payload Too Large)',
  415: '不支持的内容类型 (Unsupported Media Type)',
  422: '无法处理 (Unprocessable)',
  423: '账号已锁定 (Locked)',
  429: '请求过多 (Too Many Requests)',
  500: '服务器内部错误 (Internal Server Error)',
  503: '服务暂不可用 (Service Unavailable)',
};

/** Every error leaves as RFC 9457 problem details with a stable `code` and the request id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(err: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let code = 'INTERNAL';
    let detail = '服务器内部错误，请稍后重试 (internal error)';
    let extra: Record<string, unknown> = {};
    err = bodyParserProblem(err) ?? err;
    if (err instanceof BanliProblem) {
      ({ status, code, extra } = err);
      detail = err.message;
    } else if (err instanceof HttpException) {
      status = err.getStatus();
      const body = err.getResponse() as any;
      code = body?.code ?? HttpStatus[status] ?? 'HTTP_ERROR';
      detail = typeof body === 'string' ? body : (body?.detail ?? body?.message ?? err.message);
      if (Array.isArray(detail)) detail = detail.join('; ');
      if (body?.errors) extra = { errors: body.errors };
      if (status === 404 && code === 'NOT_FOUND' && !body?.code)
        detail = `没有这个地址 (no such route): ${req.method} ${req.url}`;
    }
    if (status >= 500)
      this.log.error(`[${req.id}] ${req.method} ${req.url}: ${(err as Error)?.stack ?? err}`);
    res
      .status(status)
      .type('application/problem+json')
      .json({
        type: `https://banli.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[status] ?? HttpStatus[status],
        status,
        code,
        detail,
        instance: req.url,
        requestId: req.id,
        ...extra,
      });
  }
}
