// 文号 and 索引号 patterns: text with placeholders such as {year} and {seq:5}.

/** Placeholders a numbering pattern may use; {seq} may carry a width, {seq:5} → 00042. */
export const NUMBER_PATTERN_FIELDS = ['unit', 'org', 'year', 'seq', 'term', 'session', 'number'] as const;
export type NumberPatternField = (typeof NUMBER_PATTERN_FIELDS)[number];

const PLACEHOLDER = /\{([a-zA-Z]+)(?::(\d+))?\}/g;

/** Problems of a numbering pattern, in Chinese (empty when it is usable). */
export function numberPatternProblems(pattern: string): string[] {
  const out: string[] = [];
  if (pattern.trim() === '') return ['不能为空'];
  if (pattern.length > 100) out.push('不能超过 100 个字符');
  let seq = false;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    const [whole, name, width] = m;
    if (!(NUMBER_PATTERN_FIELDS as readonly string[]).includes(name)) {
      out.push(`未知的占位符 ${whole}，可用：${NUMBER_PATTERN_FIELDS.map((f) => `{${f}}`).join('、')}`);
      continue;
    }
    if (width !== undefined && (name !== 'seq' || Number(width) < 1 || Number(width) > 9))
      out.push(`占位符 ${whole} 的位数只用于 {seq}，为 1 至 9`);
    if (name === 'seq') seq = true;
  }
  const rest = pattern.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) out.push('花括号不成对：占位符写作 {year}、{seq:5}');
  if (!seq) out.push('须含流水号 {seq}（或 {seq:位数}），否则编号会重复');
  return out;
}

/**
 * A number made from `pattern`: each placeholder replaced by its value, {seq:N} zero-padded to N
 * digits; a placeholder without a value stays as written, so a gap is visible rather than silent.
 */
export function formatNumberPattern(
  pattern: string,
  values: Partial<Record<NumberPatternField, string | number>>,
): string {
  return pattern.replace(PLACEHOLDER, (whole, name: string, width?: string) => {
    const v = values[name as NumberPatternField];
    if (v === undefined) return whole;
    return width !== undefined ? String(v).padStart(Number(width), '0') : String(v);
  });
}

/**
 * A matcher for numbers made from `pattern` (formatNumberPattern) whose first group is the {seq}
 * part: placeholders with a value must match it, others match anything. For the next number of a
 * series: one above the highest {seq} among the numbers already given.
 */
export function numberPatternMatcher(
  pattern: string,
  values: Partial<Record<NumberPatternField, string | number>>,
): RegExp {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let out = '';
  let last = 0;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    const v = values[m[1] as NumberPatternField];
    out += esc(pattern.slice(last, m.index));
    out += m[1] === 'seq' ? '(\\d+)' : v !== undefined ? esc(String(v)) : '.*?';
    last = (m.index ?? 0) + m[0].length;
  }
  return new RegExp(`^${out}${esc(pattern.slice(last))}$`);
}
