import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { BanliConfig } from '@banli/config';
import { createLogger, type DestinationStream } from '@banli/config/logging';
import { setRuntimeLogSink } from './observability';
import { WorkerModule } from './worker.module';

/**
 * The worker: a Nest application context with no HTTP server. Its lines — Nest's and the Temporal
 * runtime's (SDK, workflow and activity loggers) — go to standard output as JSON lines (LOG_LEVEL,
 * LOG_FORMAT), to `logDestination` if given, nowhere with `logger: false`.
 */
export async function createWorkerApp(
  cfg: BanliConfig,
  opts: { logger?: false; logDestination?: DestinationStream } = {},
): Promise<INestApplicationContext> {
  const log = createLogger(cfg.log, {
    app: 'worker',
    destination: opts.logDestination,
    enabled: opts.logger !== false,
  });
  setRuntimeLogSink(log);
  // nestjs-pino's logger from the first line on, so even a failed start is logged as JSON
  const params = { pinoHttp: { logger: log } };
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(cfg), {
    logger: new Logger(new PinoLogger(params), params),
  });
  app.enableShutdownHooks();
  return app;
}
