import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { maskUrl, type PinoLogger } from '@banli/config/logging';

/** What a log line says about who asked and which case it concerns. */
export interface LogFields {
  userId?: string;
  role?: string;
  unitId?: string;
  caseId?: string;
  workflowId?: string;
}

/** Where LogContextInterceptor leaves the fields it found (case id of a registration, workflow id). */
export const LOG_FIELDS = Symbol('banli.logFields');

type Req = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  params?: Record<string, unknown>;
  user?: { id?: string; role?: string; unitId?: string | null };
  [LOG_FIELDS]?: LogFields;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Probes called every few seconds: logged at debug unless they fail. */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** The route pattern that took the request (`/proposals/:id/assign`), if one did. */
export function routeOf(req: { route?: { path?: unknown }; baseUrl?: string }): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
}

/** The case a request concerns by its route: the `:id` of `/proposals/:id…`. */
export function caseIdOf(req: Pick<Req, 'route' | 'baseUrl' | 'params'>): string | undefined {
  const route = routeOf(req);
  const id = req.params?.id;
  return route && /^\/proposals\/:id(\/|$)/.test(route) && typeof id === 'string' && UUID.test(id)
    ? id
    : undefined;
}

/** The fields of a request's log lines: the signed-in person (id, role, unit) and the case. */
export function logFieldsOf(req: Req): LogFields & { route?: string } {
  const found = req[LOG_FIELDS] ?? {};
  const fields: LogFields & { route?: string } = {
    userId: req.user?.id,
    role: req.user?.role,
    unitId: req.user?.unitId ?? undefined,
    caseId: found.caseId ?? caseIdOf(req),
    workflowId: found.workflowId,
    route: routeOf(req),
  };
  for (const k of Object.keys(fields) as (keyof typeof fields)[])
    if (fields[k] === undefined) delete fields[k];
  return fields;
}

/**
 * The request log (pino-http): one line per request when it completes, with the request id, the
 * person, the case, the route, status and time; every line logged while handling the request
 * carries the request id (and, once signed in, the person and case: LogContextInterceptor). Health
 * and metrics probes and files served without a route are logged at debug unless they fail; 5xx
 * at error.
 */
export function httpLogger(logger: PinoLogger): HttpLogger {
  const label = (req: IncomingMessage, res: ServerResponse) =>
    `${req.method} ${routeOf(req as Req) ?? '(no route)'} ${res.statusCode}`;
  return pinoHttp({
    logger,
    // the id the request-id middleware gave (X-Request-Id), under the name problem bodies use
    genReqId: (req) => req.id,
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    customProps: (req) => logFieldsOf(req as Req),
    customLogLevel: (req, res, err) => {
      const route = routeOf(req as Req);
      if (err || res.statusCode >= 500) return route && PROBES.has(route) ? 'warn' : 'error';
      // probes every few seconds, and the web workspace's files: debug
      if ((route && PROBES.has(route)) || (!route && res.statusCode < 400)) return 'debug';
      return 'info';
    },
    customSuccessMessage: (req, res) => label(req, res),
    customErrorMessage: (req, res) => label(req, res),
    serializers: {
      req: (r: { method?: string; url?: string; remoteAddress?: string }) => ({
        method: r.method,
        url: maskUrl(r.url ?? ''),
        remoteAddress: r.remoteAddress,
      }),
      res: (r: { statusCode?: number }) => ({ statusCode: r.statusCode }),
    },
  });
}
