import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BanliProblem } from './problem';

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
