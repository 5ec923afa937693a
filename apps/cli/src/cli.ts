import type { BanliConfig } from '@banli/config';

/** Exit codes of the operator's CLI. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A mistake in how the command was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandSpec,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the operator can read without a stack trace: exit code 1. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface OptionSpec extends Bilingual {
  /** `--name`, without the dashes. */
  name: string;
  /** Placeholder of its value (`<U>`); absent for a switch. */
  value?: string;
  required?: boolean;
}

export interface ArgSpec extends Bilingual {
  name: string;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

export interface Parsed {
  options: Record<string, string | true>;
  args: string[];
}

export interface CommandContext {
  cfg: BanliConfig;
  io: Io;
  options: Record<string, string | true>;
  args: string[];
}

export interface CommandSpec extends Bilingual {
  /** `admin create`. */
  name: string;
  args?: ArgSpec[];
  options: OptionSpec[];
  notes?: Bilingual[];
  examples?: string[];
  run(ctx: CommandContext): Promise<number>;
}

/** How the CLI is started, for the help text. */
export const ENTRY = {
  prod: 'node dist/apps/cli/src/main.js',
  dev: 'npm run admin --',
};

/** The command named by the leading words of argv (longest match), and the words after it. */
export function findCommand(
  commands: readonly CommandSpec[],
  argv: string[],
): { command?: CommandSpec; rest: string[]; words: string[] } {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
    if (words.length === 2) break;
  }
  for (let n = words.length; n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(n), words };
  }
  return { rest: argv, words };
}

/** `--name value`, `--name=value` and switches, checked against the command's options. */
export function parseOptions(command: CommandSpec, rest: string[]): Parsed {
  const options: Record<string, string | true> = {};
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--help' || a === '-h') {
      options.help = true;
      continue;
    }
    if (!a.startsWith('--') || a === '--') {
      if (a === '--') continue;
      args.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const spec = command.options.find((o) => o.name === name);
    if (!spec)
      throw new UsageError(`未知选项 --${name} (unknown option --${name} of "${command.name}")`, command);
    if (name in options) throw new UsageError(`选项 --${name} 重复 (option --${name} given twice)`, command);
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`选项 --${name} 不带值 (--${name} takes no value)`, command);
      options[name] = true;
      continue;
    }
    const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`选项 --${name} 需要一个值 ${spec.value} (--${name} needs a value)`, command);
    options[name] = value;
  }
  if (options.help) return { options, args };
  for (const o of command.options)
    if (o.required && !(o.name in options))
      throw new UsageError(`缺少必需的选项 --${o.name} (missing required option --${o.name})`, command);
  const want = command.args ?? [];
  if (args.length < want.length)
    throw new UsageError(
      `缺少参数 ${want
        .slice(args.length)
        .map((a) => `<${a.name}>`)
        .join(' ')} (missing argument)`,
      command,
    );
  if (args.length > want.length)
    throw new UsageError(`多余的参数 (unexpected argument): ${args.slice(want.length).join(' ')}`, command);
  return { options, args };
}

const usageLine = (c: CommandSpec) =>
  [
    c.name,
    ...(c.args ?? []).map((a) => `<${a.name}>`),
    ...c.options.map((o) => {
      const s = `--${o.name}${o.value ? ` ${o.value}` : ''}`;
      return o.required ? s : `[${s}]`;
    }),
  ].join(' ');

/** The overview: every command, Chinese first, then English. */
export function mainHelp(commands: readonly CommandSpec[]): string {
  return [
    '办理 Banli 运维命令行 — Banli operator’s command line',
    '',
    '用法 Usage:',
    `  ${ENTRY.prod} <命令 command> [选项 options]`,
    `  ${ENTRY.dev} <命令 command> [选项 options]      （开发环境 development）`,
    '',
    '命令 Commands:',
    ...commands.flatMap((c) => [`  ${usageLine(c)}`, `      ${c.zh}`, `      ${c.en}`]),
    '  help [<命令 command>]',
    '      显示总览或某个命令的说明；每个命令也接受 --help',
    '      Show this overview or a command’s help; every command also takes --help',
    '',
    '退出码 Exit codes: 0 成功 ok · 1 失败 failure · 2 用法错误 usage error',
    '设置：与 API、工作进程相同的环境变量（DB_*、TEMPORAL_* 等，见 README “Operator’s tools”）',
    'Settings: the same environment variables as the API and the worker (DB_*, TEMPORAL_* …; see README).',
  ].join('\n');
}

/** One command's help. */
export function commandHelp(c: CommandSpec): string {
  const width = Math.max(
    ...[
      ...(c.args ?? []).map((a) => `<${a.name}>`),
      ...c.options.map((o) => `--${o.name} ${o.value ?? ''}`),
    ].map((s) => s.length),
    10,
  );
  const row = (left: string, b: Bilingual) => [
    `  ${left.padEnd(width)}  ${b.zh}`,
    `  ${''.padEnd(width)}  ${b.en}`,
  ];
  return [
    `${c.name} — ${c.zh}`,
    `${' '.repeat(c.name.length)}   ${c.en}`,
    '',
    '用法 Usage:',
    `  ${ENTRY.prod} ${usageLine(c)}`,
    `  ${ENTRY.dev} ${usageLine(c)}`,
    ...((c.args ?? []).length
      ? ['', '参数 Arguments:', ...(c.args ?? []).flatMap((a) => row(`<${a.name}>`, a))]
      : []),
    ...(c.options.length
      ? [
          '',
          '选项 Options:',
          ...c.options.flatMap((o) =>
            row(`--${o.name}${o.value ? ` ${o.value}` : ''}`, {
              zh: `${o.zh}${o.required ? '（必需）' : ''}`,
              en: `${o.en}${o.required ? ' (required)' : ''}`,
            }),
          ),
        ]
      : []),
    ...(c.notes?.length ? ['', '说明 Notes:', ...c.notes.flatMap((n) => [`  ${n.zh}`, `  ${n.en}`])] : []),
    ...(c.examples?.length ? ['', '示例 Examples:', ...c.examples.map((e) => `  ${ENTRY.prod} ${e}`)] : []),
    '',
    '退出码 Exit codes: 0 成功 ok · 1 失败 failure · 2 用法错误 usage error',
  ].join('\n');
}

/** The value of an option that must be a whole number. */
export function intOption(ctx: CommandContext, name: string, min = 1, max = 1_000_000): number | undefined {
  const raw = ctx.options[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n < min || n > max)
    throw new UsageError(
      `--${name} 须为 ${min}-${max} 的整数，而不是 "${raw}" (--${name} must be a whole number)`,
    );
  return n;
}

/** The value of an option that takes a value (undefined when absent). */
export const strOption = (ctx: CommandContext, name: string): string | undefined => {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
};

/** The stable code of an API problem (BanliProblem), if `e` is one. */
export function problemCode(e: unknown): string | undefined {
  const p = e as { code?: unknown; status?: unknown } | null;
  return p && typeof p.code === 'string' && typeof p.status === 'number' ? p.code : undefined;
}

/** An error as one line: its message, with the problem code when it has one. */
export function describeError(e: unknown): string {
  const code = problemCode(e);
  const message = (e as Error)?.message ?? String(e);
  return code ? `${message} [${code}]` : message;
}
