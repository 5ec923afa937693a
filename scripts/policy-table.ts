/**
 * The README's table of shipped jurisdiction policies, generated from the code so it is never kept
 * by hand. Prints the table; with --write, replaces the text between the policy-table markers in
 * README.md (`npm run docs:policies`). test/unit/policy-table.spec.ts fails when the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHANNEL_LABELS,
  DEFAULT_VALUE_NOTE,
  ruleTextZh,
  shippedPolicies,
  type Channel,
  type ClockSpec,
  type JurisdictionPolicy,
  type PolicySource,
} from '@banli/domain';

export const README_PATH = join(__dirname, '..', 'README.md');
export const TABLE_START = '<!-- policy-table:start -->';
export const TABLE_END = '<!-- policy-table:end -->';
const DEFAULT_MARK = '†';

/** A table cell: no line breaks, no bare pipes. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** One rule in words (deadlines/text.ts), marked when the value is a default rather than a citation. */
function ruleOf(spec: ClockSpec): string {
  return `${ruleTextZh(spec.rule, spec.startsAt)}${spec.note === DEFAULT_VALUE_NOTE ? DEFAULT_MARK : ''}`;
}

/** A clock and its variants, one line each: per channel, closed session, and the complex item. */
function clockLines(spec: ClockSpec | undefined, channels: Channel[], prefix = ''): string[] {
  if (!spec) return prefix ? [] : ['—'];
  const byChannel = Object.entries(spec.byChannel ?? {}) as Array<[Channel, ClockSpec]>;
  const rest = channels.filter((c) => !byChannel.some(([ch]) => ch === c));
  const label = (names: string[]) => {
    const words = [prefix, names.join('、')].filter(Boolean).join('，');
    return words ? `${words}：` : '';
  };
  const lines = [
    `${label(byChannel.length ? rest.map((c) => CHANNEL_LABELS[c].short) : [])}${ruleOf(spec)}`,
    ...byChannel.map(([ch, s]) => `${label([CHANNEL_LABELS[ch].short])}${ruleOf(s)}`),
  ];
  if (spec.closedSession) lines.push(`${label(['闭会期间'])}${ruleOf(spec.closedSession)}`);
  if (spec.complex) lines.push(...clockLines(spec.complex, channels, '涉及面广、处理难度大'));
  return lines;
}

/** The number of an article such as 第四十三条 (1–99), or undefined for other forms such as 二、（一）. */
function articleNumber(article: string): number | undefined {
  const m = /^第([一二三四五六七八九十]{1,3})条$/.exec(article);
  if (!m) return undefined;
  const digit = (ch: string | undefined) => (ch ? '一二三四五六七八九'.indexOf(ch) + 1 : 0);
  const [tens, ones] = m[1].includes('十') ? m[1].split('十') : ['', m[1]];
  if (ones.length > 1 || tens.length > 1) return undefined;
  return (m[1].includes('十') ? (tens ? digit(tens) : 1) * 10 : 0) + digit(ones || undefined);
}

/** Articles in numeric order when all are plain 第N条, else as cited. */
function sortArticles(articles: string[]): string[] {
  const nums = articles.map(articleNumber);
  if (nums.some((n) => n === undefined)) return articles;
  return articles
    .map((a, i) => [a, nums[i]!] as const)
    .sort((x, y) => x[1] - y[1])
    .map(([a]) => a);
}

/** Every source a policy cites, once each, with every article cited from it. */
function sourcesOf(p: JurisdictionPolicy): string[] {
  const seen = new Map<string, { source: PolicySource; articles: string[] }>();
  const add = (s: PolicySource | undefined) => {
    if (!s) return;
    const key = `${s.title}\u0000${s.url}`;
    const entry = seen.get(key) ?? { source: s, articles: [] };
    if (s.article && !entry.articles.includes(s.article)) entry.articles.push(s.article);
    seen.set(key, entry);
  };
  const walk = (spec: ClockSpec | undefined) => {
    if (!spec) return;
    add(spec.source);
    walk(spec.complex);
    walk(spec.closedSession);
    Object.values(spec.byChannel ?? {}).forEach(walk);
  };
  p.sources.forEach(add);
  Object.values(p.clocks).forEach(walk);
  return [...seen.values()].map(
    ({ source, articles }) =>
      `[${source.title}](<${source.url}>)${articles.length ? ` ${sortArticles(articles).join('、')}` : ''}`,
  );
}

/** The markdown table of `policies` (every shipped policy and version by default). */
export function policyTable(policies: JurisdictionPolicy[] = shippedPolicies()): string {
  const header = [
    'id',
    'version',
    'name',
    'channels',
    'main reply',
    'co-handler opinion',
    'sign-for',
    'reply classes',
    'sources',
  ];
  const rows = policies.map((p) => [
    `\`${p.id}\``,
    String(p.version),
    p.name,
    p.channels.map((c) => CHANNEL_LABELS[c].zh).join('、'),
    clockLines(p.clocks.mainReply, p.channels).join('<br>'),
    clockLines(p.clocks.coOpinion, p.channels).join('<br>'),
    clockLines(p.clocks.signFor, p.channels).join('<br>'),
    p.replyClasses.map((c) => `${c.code} ${c.label}`).join('<br>'),
    sourcesOf(p).join('<br>'),
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    `${DEFAULT_MARK} ${DEFAULT_VALUE_NOTE} (the source sets no value, so the project's default applies). Generated from libs/domain/src/policies/shipped.ts by \`npm run docs:policies\`; do not edit by hand.`,
  ].join('\n');
}

/** The text between the markers of `readme`, trimmed; throws when the markers are missing. */
export function tableInReadme(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start || readme.indexOf(TABLE_START, start + 1) >= 0)
    throw new Error(`README.md needs exactly one ${TABLE_START} … ${TABLE_END} block`);
  return readme.slice(start + TABLE_START.length, end).trim();
}

/** `readme` with the text between the markers replaced by `table`. */
export function withTable(readme: string, table: string): string {
  tableInReadme(readme);
  const start = readme.indexOf(TABLE_START) + TABLE_START.length;
  const end = readme.indexOf(TABLE_END);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (require.main === module) {
  const table = policyTable();
  if (process.argv.includes('--write')) {
    const readme = readFileSync(README_PATH, 'utf8');
    const next = withTable(readme, table);
    if (next !== readme) writeFileSync(README_PATH, next);
    console.log(next === readme ? 'README.md policy table is up to date' : 'README.md policy table updated');
  } else {
    console.log(table);
  }
}
