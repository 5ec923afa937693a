import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEV_JWT_SECRET, DEV_LINK_SECRET, loadConfig } from './env';
import { localSecrets } from './local-secrets';

describe('localSecrets (the secrets of `npm start`)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-secrets-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates random secrets into the data directory on first start, readable by the owner only', () => {
    const first = localSecrets(dir);
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(dir, 'secrets.json'));
    expect(first.env.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(first.env.LINK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(first.env.LINK_SECRET).not.toBe(first.env.JWT_SECRET);
    expect([DEV_JWT_SECRET, DEV_LINK_SECRET]).not.toContain(first.env.JWT_SECRET);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
    // another data directory (another clone) gets other secrets
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-secrets-'));
    try {
      expect(localSecrets(elsewhere).env.JWT_SECRET).not.toBe(first.env.JWT_SECRET);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
    // and they pass the configuration's checks even outside development
    expect(loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'x', ...first.env }).auth.jwtSecret).toBe(
      first.env.JWT_SECRET,
    );
  });

  it('reuses them on the next start, and narrows a file left readable by others', () => {
    const first = localSecrets(dir);
    fs.chmodSync(first.file, 0o644);
    const again = localSecrets(dir);
    expect(again.created).toBe(false);
    expect(again.env).toEqual(first.env);
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file rather than replacing it (sessions and mailed links would break)', () => {
    fs.writeFileSync(path.join(dir, 'secrets.json'), '{"JWT_SECRET": "short"}', { mode: 0o600 });
    expect(() => localSecrets(dir)).toThrow(/secrets\.json.*JWT_SECRET/s);
  });
});
