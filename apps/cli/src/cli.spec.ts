import { commandHelp, findCommand, mainHelp, parseOptions, UsageError } from './cli';
import { COMMANDS } from './commands';

describe('the admin CLI’s command line', () => {
  const parse = (argv: string[]) => {
    const { command, rest } = findCommand(COMMANDS, argv);
    if (!command) throw new Error('no command');
    return { command, ...parseOptions(command, rest) };
  };

  it('finds two-word commands and reads --name value, --name=value and switches', () => {
    const p = parse(['deadlines', 'recompute', '--jurisdiction=fujian', '--reason', '节假日', '--dry-run']);
    expect(p.command.name).toBe('deadlines recompute');
    expect(p.options).toEqual({ jurisdiction: 'fujian', reason: '节假日', 'dry-run': true });
    expect(parse(['case', 'show', 'proposal:x:npc:1-1:1', '--json'])).toMatchObject({
      args: ['proposal:x:npc:1-1:1'],
      options: { json: true },
    });
    expect(findCommand(COMMANDS, ['admin', 'frob']).command).toBeUndefined();
  });

  it('refuses what it does not know, naming it (usage errors, exit code 2)', () => {
    const usage = (argv: string[]) => {
      try {
        parse(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return '';
    };
    expect(usage(['admin', 'create'])).toMatch(/missing required option --username/);
    expect(usage(['admin', 'create', '--username'])).toMatch(/--username needs a value/);
    expect(usage(['admin', 'create', '--username', 'a', '--colour', 'x'])).toMatch(/unknown option --colour/);
    expect(usage(['admin', 'create', '--username', 'a', '--username', 'b'])).toMatch(/given twice/);
    expect(usage(['mail', 'resend-failed', '--dry-run=yes'])).toMatch(/takes no value/);
    expect(usage(['case', 'show'])).toMatch(/missing argument/);
    expect(usage(['case', 'show', 'a', 'b'])).toMatch(/unexpected argument/);
    // --help needs nothing else
    expect(parse(['import', 'run', '--help']).options.help).toBe(true);
  });

  it('documents every command and option in Chinese and English', () => {
    const all = mainHelp(COMMANDS);
    for (const c of COMMANDS) {
      expect(all).toContain(c.zh);
      expect(all).toContain(c.en);
      const one = commandHelp(c);
      for (const o of c.options) {
        expect(one).toContain(`--${o.name}`);
        expect(one).toContain(o.zh);
        expect(one).toContain(o.en);
      }
    }
  });
});
