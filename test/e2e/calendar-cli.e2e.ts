import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CalendarOverrideEntity, CalendarYearEntity } from '@banli/persistence';
import { run } from '../../scripts/calendar-cli';
import { testConfig } from '../support/env';
import { migrate } from './harness';

// The administrators' calendar CLI against the real database: same store and validation as the API.
describe('calendar CLI', () => {
  let ds: DataSource;
  const lines: string[] = [];
  const out = (s: string) => lines.push(s);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banli-cal-'));

  beforeAll(async () => {
    ds = await migrate(testConfig());
  });
  afterAll(async () => {
    await ds.getRepository(CalendarYearEntity).delete({ year: 2032 });
    await ds.getRepository(CalendarOverrideEntity).delete({ date: '2026-08-14' });
    await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => (lines.length = 0));

  it('lists the shipped years with their notices', async () => {
    expect(await run(['years'], ds, out)).toBe(0);
    expect(lines.find((l) => l.startsWith('2026\t'))).toMatch(/国务院办公厅关于2026年部分节假日安排的通知/);
    expect(lines.filter((l) => /^20(19|2\d)\t/.test(l)).length).toBeGreaterThanOrEqual(8);
  });

  it('loads a year from a file, refusing an invalid one with the field named', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        year: 2032,
        source: { title: '测试' },
        days: [{ date: '2032-13-01', working: false, name: '元旦' }],
      }),
    );
    expect(await run(['load', bad], ds, out)).toBe(2);
    expect(lines.join('\n')).toMatch(/days\[0\]\.date/);

    const good = path.join(dir, 'good.json');
    fs.writeFileSync(
      good,
      JSON.stringify({
        year: 2032,
        source: { title: '国务院办公厅关于2032年部分节假日安排的通知（测试）' },
        days: [{ date: '2032-01-01', working: false, name: '元旦', kind: 'holiday' }],
      }),
    );
    expect(await run(['load', good], ds, out)).toBe(0);
    lines.length = 0;
    await run(['years'], ds, out);
    expect(lines.find((l) => l.startsWith('2032\t'))).toMatch(/loaded/);
  });

  it('sets a local override that the next computation uses', async () => {
    expect(await run(['override', '2026-08-14', 'rest', '本市台风停工一天', '市政府通知'], ds, out)).toBe(0);
    lines.length = 0;
    expect(await run(['next', '2026-08-13', '1'], ds, out)).toBe(0);
    expect(lines[0]).toContain('2026-08-17');
    expect(lines.join('\n')).toContain('本市台风停工一天');
  });

  it('prints usage for an unknown command', async () => {
    expect(await run(['frobnicate'], ds, out)).toBe(64);
    expect(lines.join('\n')).toMatch(/用法/);
  });
});
