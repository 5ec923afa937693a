import type { Io } from './cli';
import { CliFailure, UsageError } from './cli';

/** The environment variable the admin commands read a password from. */
export const PASSWORD_ENV = 'BANLI_ADMIN_PASSWORD';

/** Reads a piped standard input to its end (at most 64 KiB). */
async function readAll(stdin: Io['stdin']): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.length > 65_536) throw new UsageError('标准输入过长 (standard input too long for a password)');
  }
  return text;
}

/** Asks on the terminal without echoing what is typed. */
function ask(io: Io, question: string): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolve, reject) => {
    let typed = '';
    process.stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliFailure('已取消 (cancelled)'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The new password of an admin command, never echoed: `--password` (visible to other users in the
 * process list: warned), else BANLI_ADMIN_PASSWORD, else a piped standard input (its first line),
 * else asked twice on the terminal.
 */
export async function readNewPassword(
  io: Io,
  option: string | undefined,
  fromStdin: boolean,
): Promise<string> {
  if (option !== undefined) {
    io.err(
      `提示：命令行上的密码会出现在进程列表和 shell 历史中，建议改用 ${PASSWORD_ENV} 或标准输入 ` +
        `(note: a password on the command line shows in the process list and the shell history; prefer ${PASSWORD_ENV} or standard input)`,
    );
    return option;
  }
  const env = io.env[PASSWORD_ENV];
  if (env && !fromStdin) return env;
  if (fromStdin || !io.stdin.isTTY) {
    const first = (await readAll(io.stdin)).split(/\r?\n/)[0] ?? '';
    if (!first)
      throw new UsageError(
        `没有读到密码：请用 --password-stdin 从标准输入传入，或设置 ${PASSWORD_ENV} ` +
          `(no password: pipe it to --password-stdin or set ${PASSWORD_ENV})`,
      );
    return first;
  }
  const a = await ask(io, '新密码 (new password): ');
  const b = await ask(io, '再输入一次 (again): ');
  if (a !== b) throw new UsageError('两次输入的密码不一致 (the passwords differ)');
  return a;
}
