import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BanliConfig } from '@banli/config';
import {
  ACTOR_ROLES,
  ASSIGNMENT_MODES,
  CASE_STAGES,
  CHANNELS,
  CLOCK_IDS,
  CONTACT_METHODS,
  LABELS,
  PARTY_KINDS,
  RATINGS,
  UNIT_DISPLAY_STAGES,
  USER_ROLES,
} from '@banli/domain';
import { ApiModule } from './app.module';
import { secureDocument } from './auth/openapi';
import { JSON_BODY_LIMIT_BYTES } from './common/body-limit';
import { requestId } from './common/request-id';
import { validationPipe } from './common/validation';

/** The web workspace: apps/web next to the sources, dist/apps/web once built (`npm run build` copies it). */
export const WEB_DIR = join(__dirname, '..', '..', 'web');

/**
 * Serves the web workspace: the page at `/` and its files under `/web/`. Mounted on Express
 * before Nest registers its routes, so the global guard never sees these requests (the page is
 * public, the data it fetches is not), and no API path can be shadowed: the API has no `/web`.
 */
function serveWeb(app: NestExpressApplication) {
  const http = app.getHttpAdapter().getInstance() as Express;
  const vocabulary = vocabularyModule();
  http.get('/web/vocabulary.js', (_req, res) => {
    res.type('application/javascript').send(vocabulary);
  });
  app.useStaticAssets(WEB_DIR, { prefix: '/web/', index: false, redirect: false });
  http.get('/', (_req, res) => res.sendFile(join(WEB_DIR, 'index.html')));
}

/**
 * The domain's label table and closed lists as an ES module for the web workspace, so the browser
 * reads the same words as mail and the API (no second copy of any table).
 */
export function vocabularyModule(): string {
  const lists = {
    userRoles: USER_ROLES,
    actorRoles: ACTOR_ROLES,
    caseStages: CASE_STAGES,
    unitStages: UNIT_DISPLAY_STAGES,
    clocks: CLOCK_IDS,
    channels: CHANNELS,
    contactMethods: CONTACT_METHODS,
    ratings: RATINGS,
    partyKinds: PARTY_KINDS,
    modes: ASSIGNMENT_MODES,
  };
  return (
    '// The one vocabulary of Banli (libs/domain/src/vocabulary), served by the API.\n' +
    `export const LABELS = ${JSON.stringify(LABELS)};\n` +
    `export const LISTS = ${JSON.stringify(lists)};\n`
  );
}

/** Creates the API application (not yet listening): used by main.ts and the e2e tests. */
export async function createApiApp(
  cfg: BanliConfig,
  opts: { logger?: false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forConfig(cfg), {
    logger: opts.logger ?? ['log', 'warn', 'error'],
    bodyParser: false,
  });
  // the request id first, so even a body the parser refuses is answered with one
  app.use(requestId);
  // sized from the longest documented field; a larger body answers 413 (ProblemFilter)
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT_BYTES, extended: true });
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
