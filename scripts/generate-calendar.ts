/*
 * Generates libs/domain/src/calendar/data/cn-mainland.json — the project-owned working-day data for
 * mainland China — from the `chinese-days` package, then checks it before writing.
 *
 *   npx ts-node scripts/generate-calendar.ts           write the file (after all checks pass)
 *   npx ts-node scripts/generate-calendar.ts --check   fail if the file on disk differs from a fresh run
 *
 * To add a year: upgrade chinese-days once it carries the new State Council notice, add the notice
 * to NOTICES below (title, document number only if verified, gov.cn URL), extend LAST_YEAR, add
 * spot checks from the notice text, and run this script.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isWorkday } from 'chinese-days';
import { addCalendarDays, isWeekend, yearOf } from '@banli/domain/calendar/dates';
import type {
  CalendarDay,
  CalendarDayKind,
  CalendarNoticeSource,
  CalendarYear,
} from '@banli/domain/calendar/types';
import { validateCalendarYear } from '@banli/domain/calendar/validate';
import { WorkingDayCalendar } from '@banli/domain/calendar/working-day-calendar';

const FIRST_YEAR = 2019;
const LAST_YEAR = 2026;
const OUT = path.join(__dirname, '..', 'libs', 'domain', 'src', 'calendar', 'data', 'cn-mainland.json');

// Document numbers were checked against several independent copies of each notice; URLs are the
// gov.cn addresses chinese-days cites for the same notice. An amendment whose number could not be
// confirmed carries none.
const NOTICES: Record<number, { source: CalendarNoticeSource; amendments?: CalendarNoticeSource[] }> = {
  2019: {
    source: {
      title: '国务院办公厅关于2019年部分节假日安排的通知',
      number: '国办发明电〔2018〕15号',
      url: 'http://www.gov.cn/xinwen/2018-12/06/content_5346287.htm',
    },
    amendments: [
      {
        title: '国务院办公厅关于调整2019年劳动节假期安排的通知',
        url: 'http://www.gov.cn/zhengce/content/2019-03/22/content_5375877.htm',
      },
    ],
  },
  2020: {
    source: {
      title: '国务院办公厅关于2020年部分节假日安排的通知',
      number: '国办发明电〔2019〕16号',
      url: 'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm',
    },
    amendments: [
      {
        title: '国务院办公厅关于延长2020年春节假期的通知',
        url: 'http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
      },
    ],
  },
  2021: {
    source: {
      title: '国务院办公厅关于2021年部分节假日安排的通知',
      number: '国办发明电〔2020〕27号',
      url: 'http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm',
    },
  },
  2022: {
    source: {
      title: '国务院办公厅关于2022年部分节假日安排的通知',
      number: '国办发明电〔2021〕11号',
      url: 'http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm',
    },
  },
  2023: {
    source: {
      title: '国务院办公厅关于2023年部分节假日安排的通知',
      number: '国办发明电〔2022〕16号',
      url: 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm',
    },
  },
  2024: {
    source: {
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      number: '国办发明电〔2023〕7号',
      url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
    },
  },
  2025: {
    source: {
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      number: '国办发明电〔2024〕12号',
      url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    },
  },
  2026: {
    source: {
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      number: '国办发明电〔2025〕7号',
      url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    },
  },
};

// Days added by the 2020 extension notice; named apart so an explanation shows where they came from.
const EXTENSION_2020 = new Set(['2020-01-31', '2020-02-01', '2020-02-02']);

const FESTIVAL_NAMES: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

// Facts read from the notices themselves (and domain.md §3a), checked independently of the package.
const SPOT_CHECKS: Array<[string, boolean, string]> = [
  ['2018-12-29', true, '2019 notice: Sat 29 Dec 2018 worked'],
  ['2018-12-30', false, '2019 notice: New Year block starts 30 Dec 2018'],
  ['2019-02-02', true, '2019 notice: Sat 2 Feb worked'],
  ['2019-02-03', true, '2019 notice: Sun 3 Feb worked'],
  ['2019-04-28', true, '2019 Labour Day amendment: Sun 28 Apr worked'],
  ['2019-05-03', false, '2019 Labour Day amendment: 1–4 May off'],
  ['2019-05-05', true, '2019 Labour Day amendment: Sun 5 May worked'],
  ['2020-01-19', true, '2020 notice: Sun 19 Jan worked'],
  ['2020-02-01', false, '2020 extension: Sat 1 Feb off instead of worked'],
  ['2020-02-02', false, '2020 extension: Spring Festival to 2 Feb'],
  ['2020-02-03', true, '2020 extension: work resumes Mon 3 Feb'],
  ['2020-09-27', true, '2020 notice: Sun 27 Sep worked'],
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d): [string, boolean, string] => [
    `2020-10-${d}`,
    false,
    '2020 notice: 1–8 Oct off',
  ]),
  ['2020-10-09', true, '2020 notice: Fri 9 Oct ordinary working day'],
  ['2020-10-10', true, '2020 notice: Sat 10 Oct worked'],
  ['2023-01-28', true, '2023 notice: Sat 28 Jan worked'],
  ['2023-10-08', true, '2023 notice: Sun 8 Oct worked'],
  ['2024-02-04', true, '2024 notice: Sun 4 Feb worked'],
  ['2024-02-16', false, '2024 notice: 10–17 Feb off'],
  ['2024-02-18', true, '2024 notice: Sun 18 Feb worked'],
  ['2025-01-26', true, '2025 notice: Sun 26 Jan worked'],
  ['2025-02-04', false, '2025 notice: 28 Jan–4 Feb off'],
  ['2025-02-08', true, '2025 notice: Sat 8 Feb worked'],
  ['2025-10-08', false, '2025 notice: 1–8 Oct off'],
  ['2025-10-11', true, '2025 notice: Sat 11 Oct worked'],
  ['2026-01-04', true, '2026 notice: Sun 4 Jan worked'],
  ['2026-02-14', true, '2026 notice: Sat 14 Feb worked'],
  ['2026-02-23', false, '2026 notice: 15–23 Feb off'],
  ['2026-02-28', true, '2026 notice: Sat 28 Feb worked'],
  ['2026-09-20', true, '2026 notice: Sun 20 Sep worked'],
  ['2026-10-10', true, '2026 notice: Sat 10 Oct worked'],
];

interface RawData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

function loadPackage(): { raw: RawData; version: string } {
  const dir = path.dirname(require.resolve('chinese-days/package.json'));
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'chinese-days.json'), 'utf8')) as RawData;
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
  return { raw, version };
}

/** Package values look like "National Day,国庆节,3": English, Chinese, statutory day count. */
function festivalOf(value: string, date: string): string {
  const zh = value.split(',')[1];
  const name = FESTIVAL_NAMES[zh];
  if (!name) throw new Error(`${date}: unknown festival "${value}"`);
  return name;
}

function build(raw: RawData): CalendarYear[] {
  const byYear = new Map<number, CalendarDay[]>();
  const dates = new Set([...Object.keys(raw.holidays), ...Object.keys(raw.workdays)]);
  for (const date of [...dates].sort()) {
    if (date < `${FIRST_YEAR - 1}-12-01` || date > `${LAST_YEAR}-12-31`) continue;
    const off = raw.holidays[date];
    const work = raw.workdays[date];
    if (off && work) throw new Error(`${date} is both a holiday and a make-up workday in chinese-days`);
    const festival = festivalOf(off ?? work, date);
    // The New Year block of year Y's notice may begin in December of Y-1.
    const noticeYear = yearOf(date) + (date.slice(5, 7) === '12' && festival === '元旦' ? 1 : 0);
    if (noticeYear < FIRST_YEAR || noticeYear > LAST_YEAR) continue;
    if (date.slice(5, 7) === '12' && festival !== '元旦')
      throw new Error(`${date}: unexpected December entry ${festival}`);
    const kind: CalendarDayKind = work ? 'makeUpWorkday' : raw.inLieuDays[date] ? 'inLieu' : 'holiday';
    const name = work ? `${festival}调休上班` : EXTENSION_2020.has(date) ? `${festival}延长假期` : festival;
    const list = byYear.get(noticeYear) ?? [];
    list.push({ date, working: Boolean(work), name, kind });
    byYear.set(noticeYear, list);
  }
  const years: CalendarYear[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const notice = NOTICES[y];
    if (!notice) throw new Error(`no notice citation for ${y}`);
    years.push({
      year: y,
      source: notice.source,
      ...(notice.amendments ? { amendments: notice.amendments } : {}),
      days: byYear.get(y) ?? [],
    });
  }
  return years;
}

function check(years: CalendarYear[]): string[] {
  const failures: string[] = [];
  for (const y of years) {
    const v = validateCalendarYear(y);
    if (!v.ok) failures.push(...v.errors.map((e) => `${y.year} ${e.path}: ${e.message}`));
    if (y.days.filter((d) => !d.working).length < 20)
      failures.push(`${y.year}: fewer than 20 days off — data looks incomplete`);
    if (!y.source.url || !y.source.number) failures.push(`${y.year}: notice lacks a URL or document number`);
    for (const d of y.days) {
      if (d.kind === 'makeUpWorkday' && !isWeekend(d.date))
        failures.push(`${d.date}: make-up workday on a weekday`);
      if (d.kind === 'inLieu' && isWeekend(d.date)) failures.push(`${d.date}: in-lieu day on a weekend`);
    }
  }
  const missing = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) if (!years.some((c) => c.year === y)) missing.push(y);
  if (missing.length) failures.push(`years missing: ${missing.join(', ')}`);
  if (failures.length) return failures;

  const cal = new WorkingDayCalendar(years);
  for (const [date, working, why] of SPOT_CHECKS) {
    const got = cal.isWorkingDay(date);
    if (got.working !== working || !got.known)
      failures.push(`${date}: expected ${working ? 'working' : 'rest'} (${why}), got ${JSON.stringify(got)}`);
  }
  // Every day of the covered span must agree with the package's own API.
  for (let d = '2018-12-29'; d <= `${LAST_YEAR}-12-31`; d = addCalendarDays(d, 1)) {
    const ours = cal.isWorkingDay(d);
    if (ours.working !== isWorkday(d))
      failures.push(`${d}: generated ${ours.working}, chinese-days isWorkday ${isWorkday(d)}`);
    if (!ours.known) failures.push(`${d}: not covered`);
  }
  if (cal.isWorkingDay(`${LAST_YEAR + 1}-01-04`).known)
    failures.push(`${LAST_YEAR + 1} must not look covered`);
  return failures;
}

/** Builds the data file text from the installed chinese-days; `failures` is empty when every check passed. */
export function generateCalendarFile(): { text: string; years: CalendarYear[]; failures: string[] } {
  const { raw, version } = loadPackage();
  const years = build(raw);
  const failures = check(years);
  const file = {
    region: 'cn-mainland',
    description:
      '中国大陆工作日数据：国务院办公厅节假日安排通知中的放假日与调休上班日；其余日期按周一至周五工作。',
    generatedBy: 'scripts/generate-calendar.ts',
    generatedFrom: `chinese-days ${version} (MIT)`,
    years,
  };
  // One line per day keeps the file short and its diffs readable when a notice is added.
  const text = `${JSON.stringify(file, null, 2)}\n`.replace(
    /\{\n\s+("date": "[^"]+"),\n\s+("working": (?:true|false)),\n\s+("name": "[^"]+"),\n\s+("kind": "[^"]+")\n\s+\}/g,
    '{ $1, $2, $3, $4 }',
  );
  return { text, years, failures };
}

/** Path of the generated data file. */
export const CALENDAR_DATA_FILE = OUT;

function main(): void {
  const { text, years, failures } = generateCalendarFile();
  if (failures.length) {
    console.error(`calendar check failed (${failures.length}):\n  ${failures.slice(0, 50).join('\n  ')}`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) {
      console.error(
        `${path.relative(process.cwd(), OUT)} is out of date: run npx ts-node scripts/generate-calendar.ts`,
      );
      process.exit(1);
    }
    console.log('calendar data up to date');
    return;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  const summary = years.map(
    (y) =>
      `${y.year}: ${y.days.filter((d) => !d.working).length} off, ${y.days.filter((d) => d.working).length} make-up`,
  );
  console.log(`wrote ${path.relative(process.cwd(), OUT)}\n  ${summary.join('\n  ')}`);
}

// Importable (for the data-sync test) without writing anything.
if (require.main === module) main();
