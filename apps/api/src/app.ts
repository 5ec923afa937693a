import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BanliConfig } from '@banli/config';
import { createLogger, type DestinationStream } from '@banli/config/logging';
import { ApiModule } from './app.module';
import { secureDocument } from './auth/openapi';
import { documentEdges } from './common/api-document';
import { JSON_BODY_LIMIT_BYTES } from './common/body-limit';
import { BODY_MAX_DEPTH, bodyParserErrors, FORM_MAX_FIELDS, verifyJsonDepth } from './common/body-parser';
import { requestId } from './common/request-id';
import { installObservability, nestLogger } from './observability/observability.module';
import { validationPipe } from './common/validation';
import { loadWebConfig, type WebConfig } from './config/web.config';

/**
 * Serves the web workspace: the page at `/` (never cached, so a deploy reaches everyone at once)
 * and its content-hashed files under `/assets/` (cached for a year: a new build has new names).
 * Mounted on Express before Nest registers its routes, so the global guard never sees these
 * requests (the page is public, the data it fetches is not); no API path starts with /assets.
 */
function serveWeb(app: NestExpressApplication, { dir }: WebConfig) {
  const http = app.getHttpAdapter().getInstance() as Express;
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    index: false,
    redirect: false,
    immutable: true,
    maxAge: '365d',
    // the build may live below a dot folder (a test run's .data/…); the files in it are ours
    dotfiles: 'allow',
  });
  http.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'), { dotfiles: 'allow' }, (err) => {
      if (err && !res.headersSent)
        res
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(
            '网页工作台尚未构建：请运行 npm start 或 npm run build (the web workspace has not been built)',
          );
    });
  });
}

/** The OpenAPI document of the API (served at /docs; the web workspace's client is typed from it). */
export function apiDocument(app: INestApplication) {
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
  // uuid ids, and the 400/413/415/503 every operation may answer (body parser, pipes, database)
  return documentEdges(app, doc);
}

/**
 * Creates the API application (not yet listening): used by main.ts and the e2e tests. The web
 * workspace it serves is found by loadWebConfig (BANLI_WEB_DIR …) unless `web` names it. Logs go
 * to standard output as JSON lines (LOG_LEVEL, LOG_FORMAT), to `logDestination` if given, nowhere
 * with `logger: false`.
 */
export async function createApiApp(
  cfg: BanliConfig,
  opts: { logger?: false; logDestination?: DestinationStream; web?: WebConfig } = {},
): Promise<INestApplication> {
  const log = createLogger(cfg.log, {
    app: 'api',
    destination: opts.logDestination,
    enabled: opts.logger !== false,
  });
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(cfg, log), {
    // nestjs-pino's logger from the first line on, so even a failed start is logged as JSON
    logger: nestLogger(log),
    bodyParser: false,
  });
  // no advertising of the server software
  app.disable('x-powered-by');
  // the request id first, so even a body the parser refuses is answered with one
  app.use(requestId);
  // then the request log and request metrics, so every line of a request carries its id
  installObservability(app, cfg);
  // sized from the longest documented field (a larger body answers 413); nesting is checked on the
  // raw text before parsing (deeper than BODY_MAX_DEPTH answers 400), ahead of sign-in and validation
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES, verify: verifyJsonDepth });
  app.useBodyParser('urlencoded', {
    limit: JSON_BODY_LIMIT_BYTES,
    extended: true,
    depth: BODY_MAX_DEPTH,
    parameterLimit: FORM_MAX_FIELDS,
  });
  // what the parsers refuse (bad JSON, too deep, too large, not UTF-8) becomes a problem for ProblemFilter
  app.use(bodyParserErrors);
  serveWeb(app, opts.web ?? loadWebConfig());
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const doc = apiDocument(app);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  return app;
}
