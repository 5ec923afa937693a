import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEV_JWT_SECRET, loadConfig } from '@banli/config';
import { localStackEnv, localPorts, supervise } from './local-stack';
import { MailCatcher } from './mail-catcher';
import { mariadbArgs } from './mariadb';
import { freePort, startProcess, stopAll } from './proc';
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
    // the private Temporal dev server, whatever Temporal Cloud settings the shell carries
    const cloudShell = localStackEnv(localPorts({}), 3307, secrets, {
      TEMPORAL_API_KEY: 'k',
      TEMPORAL_NAMESPACE: 'prod.a1b2c',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/nowhere/client.pem',
    });
    expect(loadConfig(cloudShell).temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      tls: false,
      apiKey: undefined,
    });
  });

  it('the API process listens on the configured host (apps/api/src/main.ts)', () => {
    const main = fs.readFileSync(path.join(ROOT, 'apps/api/src/main.ts'), 'utf8');
    expect(main).toMatch(/\.listen\(cfg\.api\.port, cfg\.api\.host\)/);
    expect(main).not.toMatch(/0\.0\.0\.0/);
  });
});

describe('`npm start` keeps the API and the worker running', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-supervise-'));
  const sleeper = () =>
    startProcess('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)'], path.join(dir, 'x.log'));
  const until = async (what: () => boolean, ms = 5000) => {
    for (const end = Date.now() + ms; !what(); await new Promise((r) => setTimeout(r, 20)))
      if (Date.now() > end) throw new Error('timed out');
  };
  afterAll(async () => {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('notices a child that died, says so in Chinese first, and starts it again with a growing delay', async () => {
    const said: string[] = [];
    let stopping = false;
    const sup = supervise({ zh: '工作进程', en: 'worker' }, sleeper, {
      stopping: () => stopping,
      say: (l) => said.push(l),
      baseDelayMs: 100,
      stableMs: 60_000,
    });
    sup.arm();
    const first = sup.current.child.pid;
    process.kill(first!, 'SIGKILL');
    await until(() => sup.restarts === 1);
    expect(sup.current.child.pid).not.toBe(first);
    expect(said[0]).toMatch(
      /^\[banli\] 工作进程意外退出（信号 SIGKILL.*0\.1 秒后重启.*\(the worker died unexpectedly/,
    );
    expect(said[1]).toMatch(/已重启工作进程（第 1 次.*restarted the worker/);
    // dying again soon after: the delay doubles
    process.kill(sup.current.child.pid!, 'SIGKILL');
    await until(() => sup.restarts === 2);
    expect(said[2]).toMatch(/0\.2 秒后重启/);

    // while the stack stops, a child that exits stays stopped
    stopping = true;
    const last = sup.current;
    process.kill(last.child.pid!, 'SIGTERM');
    await until(() => last.child.exitCode !== null || last.child.signalCode !== null);
    await new Promise((r) => setTimeout(r, 300));
    expect(sup.restarts).toBe(2);
    expect(sup.current).toBe(last);
    expect(said).toHaveLength(4);
    sup.cancel();
  });

  it('does not restart before it is armed, and a child that died meanwhile is restarted when armed', async () => {
    const said: string[] = [];
    const sup = supervise({ zh: 'API 服务', en: 'API' }, sleeper, {
      stopping: () => false,
      say: (l) => said.push(l),
      baseDelayMs: 20,
    });
    const first = sup.current;
    process.kill(first.child.pid!, 'SIGKILL');
    await until(() => first.child.signalCode !== null);
    await new Promise((r) => setTimeout(r, 100));
    expect(sup.restarts).toBe(0);
    sup.arm();
    await until(() => sup.restarts === 1);
    expect(said[0]).toMatch(/^\[banli\] API 服务意外退出/);
    sup.cancel();
  });
});
