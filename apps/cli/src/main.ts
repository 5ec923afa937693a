import 'reflect-metadata';
import { ConfigError, loadConfig } from '@banli/config';
import {
  CliFailure,
  commandHelp,
  describeError,
  ENTRY,
  EXIT,
  findCommand,
  Io,
  mainHelp,
  parseOptions,
  UsageError,
} from './cli';
import { COMMANDS } from './commands';

/**
 * The operator's command line (办理 Banli 运维命令行): administrators, the calendar, deadlines,
 * mail, imports and cases, running the API's own services against the configured database and
 * Temporal. Compiled by `npm run build` to dist/apps/cli/src/main.js, so the production image runs
 * it with plain node; `npm run admin -- …` runs it from source.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h') {
    (argv.length ? io.out : io.err)(mainHelp(COMMANDS));
    return argv.length ? EXIT.ok : EXIT.usage;
  }
  if (argv[0] === 'help') {
    if (argv.length === 1) {
      io.out(mainHelp(COMMANDS));
      return EXIT.ok;
    }
    const { command } = findCommand(COMMANDS, argv.slice(1));
    if (!command) return usage(io, new UsageError(`未知命令 “${argv.slice(1).join(' ')}” (unknown command)`));
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const { command, rest, words } = findCommand(COMMANDS, argv);
  if (!command)
    return usage(
      io,
      new UsageError(
        `未知命令 “${words.join(' ') || argv[0]}” (unknown command "${words.join(' ') || argv[0]}")`,
      ),
    );
  let parsed;
  try {
    parsed = parseOptions(command, rest);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e);
    throw e;
  }
  if (parsed.options.help) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  let cfg;
  try {
    cfg = loadConfig(io.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return EXIT.failure;
    }
    throw e;
  }
  try {
    return await command.run({ cfg, io, options: parsed.options, args: parsed.args });
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e.command ? e : new UsageError(e.message, command));
    io.err(`错误 (error): ${describeError(e)}`);
    if (!(e instanceof CliFailure) && io.env.BANLI_DEBUG) io.err((e as Error)?.stack ?? String(e));
    return EXIT.failure;
  }
}

function usage(io: Io, e: UsageError): number {
  io.err(`错误 (error): ${e.message}`);
  io.err(
    e.command
      ? `用法见 (see) ${ENTRY.prod} help ${e.command.name}`
      : `命令一览见 (commands:) ${ENTRY.prod} --help`,
  );
  return EXIT.usage;
}

if (require.main === module) {
  const io: Io = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
    stdin: process.stdin,
  };
  run(process.argv.slice(2), io)
    .then((code) => process.exit(code))
    .catch((e) => {
      io.err(`错误 (error): ${e?.stack ?? e}`);
      process.exit(EXIT.failure);
    });
}
