import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@banli/persistence';
import { run as calendarCli } from '../../../../scripts/calendar-cli';
import { CliFailure, CommandContext, intOption, strOption } from '../cli';

/** `calendar load`: the calendar CLI's load (the same store and validation as the API). */
export async function calendarLoad(ctx: CommandContext): Promise<number> {
  const year = intOption(ctx, 'year', 1900, 2200)!;
  const file = strOption(ctx, 'file')!;
  let data: { year?: unknown };
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliFailure(`无法读取 ${file} (cannot read the file): ${(e as Error).message}`);
  }
  if (data?.year !== year)
    throw new CliFailure(
      `文件 ${file} 中的年份是 ${String(data?.year)}，与 --year ${year} 不符 (the file holds year ${String(data?.year)}, not ${year})`,
    );
  const ds = new DataSource(dataSourceOptions(ctx.cfg.db));
  await ds.initialize();
  try {
    return (await calendarCli(['load', file], ds, ctx.io.out)) === 0 ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}
