/**
 * Writes the API's OpenAPI document without a database or Temporal: the application is created in
 * Nest's preview mode (modules and routes, no providers started). The web workspace's API types
 * are generated from it at build time, so a renamed field breaks the build, not the user.
 *   node -r ./scripts/register.js scripts/openapi.ts <out.json>
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@banli/config';
import { apiDocument } from '../apps/api/src/app';
import { ApiModule } from '../apps/api/src/app.module';

export async function writeApiDocument(out: string): Promise<void> {
  const cfg = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const app = await NestFactory.create(ApiModule.forConfig(cfg), { preview: true, logger: false });
  writeFileSync(out, JSON.stringify(apiDocument(app), null, 2) + '\n');
  await app.close();
}

if (require.main === module) {
  writeApiDocument(process.argv[2] ?? 'openapi.json').catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
