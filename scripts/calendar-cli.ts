import 'reflect-metadata';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { CalendarDataError, CalendarStore, dataSourceOptions } from '@banli/persistence';

const USAGE = `用法 (usage):
  npm run calendar -- years                              列出已载入年份 (list years)
  npm run calendar -- load <year.json>                   载入一年的通知数据 (load a year)
  npm run calendar -- override <YYYY-MM-DD> work|rest <原因> [来源]   本地调整 (local override)
  npm run calendar -- next <YYYY-MM-DD> <N>              第 N 个工作日 (N working days after a date)
Database settings come from DB_* environment variables (see README).`;

/** Administrator CLI for the working-day calendar; same store and validation as the API. */
export async function run(
  argv: string[],
  ds: DataSource,
  out: (s: string) => void = console.log,
): Promise<number> {
  const store = new CalendarStore(ds);
  const [cmd, ...args] = argv;
  try {
    switch (cmd) {
      case 'years':
        for (const y of await store.years())
          out(
            `${y.year.year}\t${y.origin}\t${y.year.source.title}${y.year.source.number ? ` ${y.year.source.number}` : ''}`,
          );
        return 0;
      case 'load': {
        if (!args[0]) break;
        const year = JSON.parse(fs.readFileSync(args[0], 'utf8'));
        await store.loadYear(year, `cli:${process.env.USER ?? 'admin'}`);
        out(`已载入 ${year.year} 年 (loaded)`);
        return 0;
      }
      case 'override': {
        const [date, kind, reason, source] = args;
        if (!date || !['work', 'rest'].includes(kind) || !reason) break;
        await store.putOverride(
          { date, working: kind === 'work', reason, ...(source ? { source: { title: source } } : {}) },
          `cli:${process.env.USER ?? 'admin'}`,
        );
        out(`已设置 ${date} 为${kind === 'work' ? '工作日' : '休息日'}：${reason}`);
        return 0;
      }
      case 'next': {
        const [from, n] = args;
        if (!from || !Number(n)) break;
        const r = (await store.calendar()).addWorkingDays(from, Number(n));
        out(`${from} 起第 ${n} 个工作日 → ${r.date}`);
        for (const c of r.crossed) out(`  ${c.date} ${c.reason}`);
        for (const w of r.warnings) out(`  警告: ${w}`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof CalendarDataError) {
      out(e.message);
      return 2;
    }
    throw e;
  }
  out(USAGE);
  return 64;
}

if (require.main === module) {
  const ds = new DataSource(dataSourceOptions());
  ds.initialize()
    .then(() => run(process.argv.slice(2), ds))
    .then(async (code) => {
      await ds.destroy();
      process.exit(code);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
