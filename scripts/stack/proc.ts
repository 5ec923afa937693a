import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** A started child process with its log file; stop() ends its whole process group. */
export interface Started {
  name: string;
  child: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

const running = new Set<Started>();

/** Starts a long-running child in its own process group, output to `log`. */
export function startProcess(
  name: string,
  cmd: string,
  args: string[],
  log: string,
  opts: SpawnOptions = {},
): Started {
  const out = fs.openSync(log, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], detached: true, ...opts });
  fs.closeSync(out);
  const s: Started = {
    name,
    child,
    log,
    stop: () => stopChild(child).finally(() => running.delete(s)),
  };
  running.add(s);
  child.on('exit', () => running.delete(s));
  return s;
}

async function stopChild(child: ChildProcess, graceMs = 15000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
  }
}

/** Stops everything started through startProcess, newest first. */
export async function stopAll(): Promise<void> {
  for (const s of [...running].reverse()) await s.stop();
}

/** Resolves once a TCP port accepts connections; rejects with the log tail after `timeoutMs`. */
export async function waitForPort(
  port: number,
  s: Started | null,
  timeoutMs = 60000,
  host = '127.0.0.1',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (s && s.child.exitCode !== null)
      throw new Error(`${s.name} exited (${s.child.exitCode}); log:\n${tail(s.log)}`);
    const ok = await new Promise<boolean>((res) => {
      const sock = net.connect({ port, host }, () => {
        sock.destroy();
        res(true);
      });
      sock.on('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${s?.name ?? 'service'} did not open port ${port} within ${timeoutMs} ms${s ? `; log:\n${tail(s.log)}` : ''}`,
  );
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}
