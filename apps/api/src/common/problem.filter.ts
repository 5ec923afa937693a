import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  databaseUnavailable,
  databaseUnavailableProblem,
  DATABASE_RETRY_AFTER_SECONDS,
} from './database-errors';
import { BanliProblem } from './problem';

const TITLES: Record<number, string> = {
  400: '请求无效 (Bad Request)',
  401: '未登录 (Unauthorized)',
  403: '无权操作 (Forbidden)',
  404: '未找到 (Not Found)',
  405: '不支持的请求方法 (Method Not Allowed)',
  409: '冲突 (Conflict)',
  413: '请求内容过大 (Payload Too Large)',
  415: '不支持的内容类型 (Unsupported Media Type)',
  422: '无法处理 (Unprocessable)',
  423: '账号已锁定 (Locked)',
  429: '请求过多 (Too Many Requests)',
  500: '服务器内部错误 (Internal Server Error)',
  503: '服务暂不可用 (Service Unavailable)',
};

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * The methods the routes at this path answer (with HEAD where GET is), from the Express router
 * Nest registered them on; empty when no route has this path.
 */
function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } })?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(req.path)) continue;
    for (const [m, on] of Object.entries(layer.route.methods))
      if (on && m !== '_all') methods.add(m.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/**
 * Every error leaves as RFC 9457 problem details with a stable `code` and the request id. A lost
 * database answers 503 DATABASE_UNAVAILABLE with Retry-After; a known path asked with a method it
 * does not answer, 405 METHOD_NOT_ALLOWED with Allow.
 */
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
    if (!(err instanceof BanliProblem) && !(err instanceof HttpException) && databaseUnavailable(err)) {
      this.log.warn(`[${req.id}] ${req.method} ${req.url}: database unavailable: ${(err as Error)?.message}`);
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      err = databaseUnavailableProblem();
    }
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
      if (status === 404 && code === 'NOT_FOUND' && !body?.code) {
        // no route took the request: a path that exists under other methods is a 405
        const allow = allowedMethods(req);
        if (allow.length > 0 && !allow.includes(req.method)) {
          status = HttpStatus.METHOD_NOT_ALLOWED;
          code = 'METHOD_NOT_ALLOWED';
          detail = `不支持此请求方法：${req.method} ${req.path}，可用：${allow.join(', ')} (method not allowed)`;
          extra = { allow };
          res.setHeader('Allow', allow.join(', '));
        } else detail = `没有这个地址 (no such route): ${req.method} ${req.url}`;
      }
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
