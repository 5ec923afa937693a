import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@banli/config';
import { createApiApp } from './app';

async function main() {
  const cfg = loadConfig();
  const app = await createApiApp(cfg);
  await app.listen(cfg.api.port, cfg.api.host);
  new Logger('api').log(
    `listening on ${cfg.api.host}:${cfg.api.port}, public at ${cfg.api.publicUrl} (docs: ${cfg.api.publicUrl}/docs)`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
