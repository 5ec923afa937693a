import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BanliConfig } from '../../../libs/config/src';
import { ApiModule } from './app.module';
import { validationPipe } from './common/validation';

/** Creates the API application (not yet listening): used by main.ts and the e2e tests. */
export async function createApiApp(cfg: BanliConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forConfig(cfg), { logger: opts.logger ?? ['log', 'warn', 'error'] });
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('办理 Banli API')
      .setDescription('人大代表建议、政协提案办理：登记、交办、签收、答复、反馈、督办。Errors are application/problem+json with a stable `code`.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  return app;
}
