import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { Logger, PinoLogger as NestPinoLogger, type Params } from 'nestjs-pino';
import type { BanliConfig } from '@banli/config';
import { createLogger, type PinoLogger } from '@banli/config/logging';
import { httpLogger } from './http-logging';
import { LogContextInterceptor } from './log-context.interceptor';
import { ApiMetrics, MetricsController } from './metrics';

/** The API's pino logger (the one every line of this application goes through). */
export const API_LOGGER = Symbol('API_LOGGER');

const paramsOf = (log: PinoLogger): Params => ({ pinoHttp: { logger: log } });

/** The Nest logger over `log` (nestjs-pino): in a request, the request's logger with its fields. */
export function nestLogger(log: PinoLogger): Logger {
  return new Logger(new NestPinoLogger(paramsOf(log)), paramsOf(log));
}

/**
 * Logs (nestjs-pino over the API's pino logger: Nest's own lines, the request log, the request's
 * person and case on every line) and, when METRICS_ENABLED, Prometheus metrics at /metrics.
 *
 * nestjs-pino's LoggerModule is not imported: Nest 11 mounts module middleware on Express as a
 * route answering every method, which would make every path look known to every method (the 405
 * of ProblemFilter) and give unmatched requests a route. installObservability mounts the request
 * log and its logging context as plain middleware instead.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(cfg: BanliConfig, logger?: PinoLogger): DynamicModule {
    const log = logger ?? createLogger(cfg.log, { app: 'api' });
    return {
      module: ObservabilityModule,
      controllers: cfg.metrics.enabled ? [MetricsController] : [],
      providers: [
        { provide: API_LOGGER, useValue: log },
        { provide: NestPinoLogger, useFactory: () => new NestPinoLogger(paramsOf(log)) },
        { provide: APP_INTERCEPTOR, useClass: LogContextInterceptor },
        ...(cfg.metrics.enabled ? [ApiMetrics] : []),
      ],
    };
  }
}

/**
 * Wires logs and metrics into the application: every request — even one a body parser refuses —
 * gets its log line, its logging context (so Nest's lines while handling it carry its request id,
 * and the person and case LogContextInterceptor assigns) and its duration. Called right after the
 * request-id middleware, so every line of a request carries its id.
 */
export function installObservability(app: INestApplication, cfg: BanliConfig): void {
  const log = app.get<PinoLogger>(API_LOGGER);
  app.use(httpLogger(log));
  const context = app.get(NestPinoLogger);
  app.use((req: Request, _res: Response, next: NextFunction) =>
    context.runInContext(() => next(), { bindings: { requestId: req.id } }),
  );
  if (cfg.metrics.enabled) app.use(app.get(ApiMetrics).middleware);
}
