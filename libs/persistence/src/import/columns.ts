/** The fields a session list can carry, in the order the report lists them. */
export const IMPORT_FIELDS = [
  'number',
  'title',
  'proposers',
  'cosigners',
  'category',
  'content',
  'leadUnit',
  'coUnits',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns without which no row can be registered. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['number', 'title', 'proposers'];

/**
 * Accepted headers per field, Chinese first. Matched after {@link normalizeHeader}, so spaces,
 * full-width letters, a trailing colon, a leading "*" (required mark) and a bracketed note such
 * as "（必填）" do not matter.
 */
export const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  number: ['编号', '案号', '建议编号', '提案编号', '建议号', '提案号', 'number', 'no'],
  title: ['标题', '案由', '题目', '建议标题', '提案标题', '建议题目', '提案题目', 'title', 'subject'],
  proposers: ['提出人', '领衔人', '提案人', '建议人', '领衔代表', '提出者', 'proposers', 'proposer'],
  cosigners: ['联名人', '附议人', '联名代表', '附议代表', '联名委员', 'cosigners', 'co-signers'],
  category: ['类别', '分类', '所属类别', 'category'],
  content: ['内容', '正文', '建议内容', '提案内容', 'content', 'body', 'text'],
  leadUnit: ['主办单位', '建议主办单位', '主办', '承办单位', '建议承办单位', 'leadunit', 'lead'],
  coUnits: [
    '会办单位',
    '协办单位',
    '建议会办单位',
    '建议协办单位',
    '会办',
    '协办',
    'cohandlingunits',
    'counits',
    'cohandling',
  ],
};

/** Chinese header text of each field, for messages and the report. */
export const FIELD_LABELS: Record<ImportField, string> = {
  number: '编号',
  title: '标题',
  proposers: '提出人',
  cosigners: '联名人',
  category: '类别',
  content: '内容',
  leadUnit: '主办单位',
  coUnits: '会办单位',
};

/**
 * Header text reduced to what identifies it: NFKC (full-width → half-width), no whitespace
 * (also U+3000), no bracketed note, no "*" required mark, no trailing colon, lower case.
 */
export function normalizeHeader(text: string): string {
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[:：]+$/, '')
    .toLowerCase();
  // "Co-handling units", "lead_unit", "No." → cohandlingunits, leadunit, no
  return /^[\x21-\x7e]*$/.test(t) ? t.replace(/[-_.]/g, '') : t;
}

const LOOKUP = new Map<string, ImportField>();
for (const f of IMPORT_FIELDS) for (const a of HEADER_ALIASES[f]) LOOKUP.set(normalizeHeader(a), f);

/** The field a header names, or null. */
export function fieldOfHeader(text: string): ImportField | null {
  return LOOKUP.get(normalizeHeader(text)) ?? null;
}

/** A1-style column letters of a 0-based column index. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface HeaderColumn {
  index: number;
  letter: string;
  /** The header as written in the file. */
  header: string;
}

export interface HeaderMap {
  /** Index in the grid of the header row. */
  rowIndex: number;
  fields: Partial<Record<ImportField, HeaderColumn>>;
  /** Columns whose header names no field (ignored, reported as info). */
  extra: HeaderColumn[];
  /** A second column for a field already mapped (ignored, reported as info). */
  duplicate: (HeaderColumn & { field: ImportField })[];
}

/**
 * Finds the header row among the first `scan` rows: the one naming the most fields, and at
 * least two of them, one of which is 编号 or 标题. Title lines above it ("……提案汇总表") are skipped.
 */
export function detectHeader(rows: string[][], scan = 10): HeaderMap | null {
  let best: HeaderMap | null = null;
  let bestCount = 0;
  for (let r = 0; r < Math.min(scan, rows.length); r++) {
    const map: HeaderMap = { rowIndex: r, fields: {}, extra: [], duplicate: [] };
    rows[r].forEach((text, index) => {
      const header = text.trim();
      if (!header) return;
      const col = { index, letter: columnLetter(index), header };
      const field = fieldOfHeader(header);
      if (!field) map.extra.push(col);
      else if (map.fields[field]) map.duplicate.push({ ...col, field });
      else map.fields[field] = col;
    });
    const count = Object.keys(map.fields).length;
    if (count >= 2 && (map.fields.number || map.fields.title) && count > bestCount) {
      best = map;
      bestCount = count;
    }
  }
  return best;
}
