import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEV_JWT_SECRET, DEV_LINK_SECRET } from './env';

/** The secrets `npm start` passes to the API and the worker. */
export interface LocalSecrets {
  JWT_SECRET: string;
  LINK_SECRET: string;
}

const NAMES = ['JWT_SECRET', 'LINK_SECRET'] as const;

/**
 * The local stack's own secrets, kept in `<dataDir>/secrets.json` (mode 0600): generated at random
 * on the first start, read back on every later one, so sessions and mailed task links survive a
 * restart and no two clones share a key. Nothing in the repository can sign for this stack.
 */
export function localSecrets(dataDir: string): { env: LocalSecrets; file: string; created: boolean } {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh: LocalSecrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    LINK_SECRET: randomBytes(32).toString('hex'),
  };
  let created = true;
  try {
    // 'wx': never overwrite; two starts racing read the file the first one wrote
    fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    created = false;
  }
  // only the owner reads it, whatever the umask or an earlier copy left
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  if (created) return { env: fresh, file, created };
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); remove it to generate new secrets`);
  }
  for (const name of NAMES) {
    const v = stored?.[name];
    if (typeof v !== 'string' || v.length < 32 || v === DEV_JWT_SECRET || v === DEV_LINK_SECRET)
      throw new Error(
        `${file}: ${name} is missing, shorter than 32 characters or the published development value; ` +
          'remove the file to generate new secrets (everyone signs in again, mailed links stop working)',
      );
  }
  return {
    env: { JWT_SECRET: stored.JWT_SECRET as string, LINK_SECRET: stored.LINK_SECRET as string },
    file,
    created,
  };
}
