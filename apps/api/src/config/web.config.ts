import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the API finds the built web workspace it serves at `/`. */
export interface WebConfig {
  dir: string;
}

/**
 * The built web workspace (scripts/build-web.ts writes it to dist/web): BANLI_WEB_DIR, else next
 * to the compiled API in dist/, else dist/web of the checkout when the API runs from its sources.
 */
export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  if (env.BANLI_WEB_DIR) return { dir: env.BANLI_WEB_DIR };
  // this file is apps/api/src/config/ (compiled: dist/apps/api/src/config/)
  const compiled = join(__dirname, '..', '..', '..', '..', 'web');
  return {
    dir: existsSync(join(compiled, 'index.html'))
      ? compiled
      : join(__dirname, '..', '..', '..', '..', 'dist', 'web'),
  };
}
