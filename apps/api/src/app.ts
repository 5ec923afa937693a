import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BanliConfig } from '@banli/config';
import { ApiModule } from './app.module';
import { secureDocument } from './auth/openapi';
import { validationPipe } from './common/validation';

/** The web workspace: apps/web next to the sources, dist/apps/web once built (`npm run build` copies it). */
export const WEB_DIR = join(__dirname, '..', '..', 'web');

/**
 * Serves the web workspace: the page at `/` and its files under `/web/`. Mounted on Express
 * before Nest registers its routes, so the global guard never sees these requests (the page is
 * public, the data it fetches is not), and no API path can be shadowed: the API has no `/web`.
 */
function serveWeb(app: NestExpressApplication) {
  app.useStaticAssets(WEB_DIR, { prefix: '/web/', index: false, redirect: false });
  const http = app.getHttpAdapter().getInstance() as Express;
  http.get('/', (_req, res) => res.sendFile(join(WEB_DIR, 'index.html')));
}

/** Creates the API application (not yet listening): used by main.ts and the e2e tests. */
export async function createApiApp(
  cfg: BanliConfig,
  opts: { logger?: false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(cfg), {
    logger: opts.logger ?? ['log', 'warn', 'error'],
  });
  serveWeb(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const doc = secureDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('办理 Banli API')
        .setDescription(
          '人大代表建议、政协提案办理：登记、交办、签收、答复、反馈、督办。Errors are application/problem+json with a stable `code`.\n\n' +
            '除标注为公开的接口外，均须携带 `Authorization: Bearer <token>`（POST /auth/login 取得）。' +
            '不在本人权限范围内的案件一律答复 404 NOT_FOUND，与不存在的案件无法区分；角色不符答复 403 FORBIDDEN_ROLE。' +
            ' Every operation except the public ones needs a bearer token; a case outside your scope answers 404 like a missing one.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  return app;
}
