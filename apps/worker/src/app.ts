import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BanliConfig } from '@banli/config';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context with no HTTP server. */
export async function createWorkerApp(
  cfg: BanliConfig,
  opts: { logger?: false } = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(cfg), {
    logger: opts.logger ?? ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  return app;
}
