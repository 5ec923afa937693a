import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEV_JWT_SECRET, loadConfig } from '@banli/config';
import { localStackEnv, localPorts } from './local-stack';
import { MailCatcher } from './mail-catcher';
import { mariadbArgs } from './mariadb';
import { freePort } from './proc';
import { ROOT, temporalDevArgs } from './temporal';

/** The value following `flag` in an argument list (`--flag value` or `--flag=value`). */
const flag = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};

const connects = (host: string, port: number) =>
  new Promise<boolean>((res) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => {
      s.destroy();
      res(true);
    });
    s.on('error', () => res(false));
    s.on('timeout', () => {
      s.destroy();
      res(false);
    });
  });

/** An address of this machine that is not loopback, when it has one. */
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('`npm start` listens on 127.0.0.1 only', () => {
  it('MariaDB is started with --bind-address=127.0.0.1', () => {
    const args = mariadbArgs({
      dataDir: '/tmp/x',
      port: 3307,
      database: 'banli',
      user: 'banli',
      password: 'p',
    });
    expect(flag(args, '--bind-address')).toBe('127.0.0.1');
  });

  it('the Temporal dev server binds gRPC, its HTTP API and the Web UI to 127.0.0.1', () => {
    const args = temporalDevArgs({ port: 7233, uiPort: 8233, log: '/tmp/t.log' });
    expect(flag(args, '--ip')).toBe('127.0.0.1');
    expect(flag(args, '--ui-ip')).toBe('127.0.0.1');
  });

  it('the mail catcher (SMTP and inbox) answers on 127.0.0.1 and not on the other interfaces', async () => {
    const [smtp, web] = [await freePort(), await freePort()];
    const c = new MailCatcher();
    await c.start(smtp, web);
    try {
      expect(await connects('127.0.0.1', smtp)).toBe(true);
      expect(await connects('127.0.0.1', web)).toBe(true);
      if (outside) {
        expect(await connects(outside, smtp)).toBe(false);
        expect(await connects(outside, web)).toBe(false);
      }
    } finally {
      await c.stop();
    }
  });

  it('the API gets API_HOST=127.0.0.1 and the generated secrets, never the published one', () => {
    const secrets = { JWT_SECRET: 'j'.repeat(64), LINK_SECRET: 'l'.repeat(64) };
    const env = localStackEnv(localPorts({}), 3307, secrets, { PATH: '/usr/bin' });
    const cfg = loadConfig(env);
    expect(cfg.api.host).toBe('127.0.0.1');
    expect(cfg.auth.jwtSecret).toBe(secrets.JWT_SECRET);
    expect(cfg.auth.linkSecret).toBe(secrets.LINK_SECRET);
    expect(cfg.auth.jwtSecret).not.toBe(DEV_JWT_SECRET);
    expect([cfg.db.host, cfg.smtp.host, cfg.temporal.address.split(':')[0]]).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
    // an operator's own values win over the generated ones
    const own = localStackEnv(localPorts({}), 3307, secrets, { JWT_SECRET: 'o'.repeat(40) });
    expect(own.JWT_SECRET).toBe('o'.repeat(40));
  });

  it('the API process listens on the configured host (apps/api/src/main.ts)', () => {
    const main = fs.readFileSync(path.join(ROOT, 'apps/api/src/main.ts'), 'utf8');
    expect(main).toMatch(/\.listen\(cfg\.api\.port, cfg\.api\.host\)/);
    expect(main).not.toMatch(/0\.0\.0\.0/);
  });
});
