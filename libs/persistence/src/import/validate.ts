import { PARTY_KINDS, type Channel, type PartyKind } from '@banli/domain';
import { FIELD_LABELS, HeaderMap, IMPORT_FIELDS, ImportField, REQUIRED_FIELDS } from './columns';
import { proposerKind, splitList } from './proposers';
import { UnitIndex, UnitRef, UnitSuggestion } from './units-index';

/** The session a list belongs to: given with the upload, not in the columns. */
export interface SessionContext {
  jurisdiction: string;
  channel: Channel;
  term: number;
  session: number;
  duringSession: boolean;
}

/** A case already registered under a number the file uses. */
export interface ExistingCase {
  id: string;
  number: string;
  title: string;
  proposers: string[];
  category: string | null;
  content: string | null;
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding, located as the office sees it in Excel: row number (header = row 1 in a plain sheet) and column header. */
export interface ImportIssue {
  severity: Severity;
  code: string;
  /** Excel row number; null for the file as a whole. */
  row: number | null;
  /** Header text of the column, as written in the file. */
  column: string | null;
  /** A1 reference, e.g. "C5". */
  cell: string | null;
  field: ImportField | null;
  message: string;
  value?: string;
  suggestions?: UnitSuggestion[];
  existingId?: string;
  firstRow?: number;
}

/** A row of the list with its cells by field. */
export interface RawRow {
  row: number;
  cells: Partial<Record<ImportField, string>>;
}

export type RowStatus = 'new' | 'unchanged' | 'invalid';

export interface UnitPick {
  id: string;
  code: string;
  name: string;
}

/** What POST /proposals would receive for a row (its body, without contact details). */
export interface RowRegistration {
  jurisdiction: string;
  channel: Channel;
  term: number;
  session: number;
  number: string;
  duringSession: boolean;
  title: string;
  content?: string;
  category?: string;
  proposers: { name: string; kind: PartyKind }[];
}

/** A row as it would be (or was) registered. */
export interface PlannedRow {
  row: number;
  status: RowStatus;
  number: string;
  title: string;
  existingId: string | null;
  proposers: { name: string; kind: PartyKind }[];
  leadUnits: UnitPick[];
  coUnits: UnitPick[];
  /** What POST /proposals would receive; null for an invalid or unchanged row. */
  registration: RowRegistration | null;
}

const NUMBER_RE = /^[\p{L}\p{N}-]{1,32}$/u;
const LIMITS = { title: 500, content: 100000, category: 100, proposerName: 200, proposers: 500 };

/** "第006号" → "006", "建9号" → "建9", full-width digits → ASCII; `changed` when it differs from the cell. */
export function normalizeNumber(raw: string): { value: string; changed: boolean } {
  const trimmed = raw.trim();
  const value = trimmed
    .normalize('NFKC')
    .replace(/^第\s*/, '')
    .replace(/\s*号$/, '')
    .trim();
  return { value, changed: value !== trimmed };
}

/** A data row's cells by field, or null when every imported cell is blank. */
export function extractRow(cellsOfRow: readonly string[], row: number, header: HeaderMap): RawRow | null {
  const cells: Partial<Record<ImportField, string>> = {};
  let any = false;
  for (const f of IMPORT_FIELDS) {
    const col = header.fields[f];
    if (!col) continue;
    const text = (cellsOfRow[col.index] ?? '').replace(/\r\n?/g, '\n');
    // Body text keeps its paragraph indent (两个全角空格); other cells are trimmed.
    const v = f === 'content' ? text.replace(/^\s*\n/, '').trimEnd() : text.trim();
    cells[f] = v;
    if (v) any = true;
  }
  return any ? { row, cells } : null;
}

/** The data rows below the header, blank rows left out. */
export function extractRows(grid: { rows: string[][]; rowNumbers: number[] }, header: HeaderMap): RawRow[] {
  const out: RawRow[] = [];
  for (let r = header.rowIndex + 1; r < grid.rows.length; r++) {
    const raw = extractRow(grid.rows[r], grid.rowNumbers[r], header);
    if (raw) out.push(raw);
  }
  return out;
}

export interface ValidationInput {
  header: HeaderMap;
  rows: RawRow[];
  session: SessionContext;
  units: readonly UnitRef[];
  /** Registered cases of this session, by number. */
  existing: ReadonlyMap<string, ExistingCase>;
}

export interface ValidationResult {
  issues: ImportIssue[];
  rows: PlannedRow[];
}

/**
 * Checks every row of a session list and plans its registration. Pure: units and the cases
 * already registered are passed in. Errors block the whole import; warnings and info do not.
 */
export function validateImport(input: ValidationInput): ValidationResult {
  const v = new ImportValidator(input.header, input.session, input.units);
  const issues = v.fileIssues();
  const rows: PlannedRow[] = [];
  for (const raw of input.rows) {
    const r = v.row(raw, input.existing);
    rows.push(r.planned);
    issues.push(...r.issues);
  }
  return { issues, rows };
}

/** One row checked: what would be registered, and what was found. */
export interface CheckedRow {
  planned: PlannedRow;
  issues: ImportIssue[];
}

/**
 * The checks of a session list one row at a time, so a list can be read as a stream: the file's
 * own findings (columns) first, then each row in file order. It remembers the numbers seen (a
 * number used twice in the file is an error on its second row), nothing else.
 */
export class ImportValidator {
  private readonly units: UnitIndex;
  private readonly firstRowOf = new Map<string, number>();
  private readonly columnsMissing: boolean;

  constructor(
    private readonly header: HeaderMap,
    private readonly session: SessionContext,
    units: readonly UnitRef[],
  ) {
    this.units = new UnitIndex(units);
    this.columnsMissing = REQUIRED_FIELDS.some((f) => !header.fields[f]);
  }

  /** Findings about the file as a whole: missing, absent, extra and repeated columns. */
  fileIssues(): ImportIssue[] {
    const header = this.header;
    const issues: ImportIssue[] = [];
    const col = (f: ImportField) => header.fields[f];
    const fileIssue = (severity: Severity, code: string, message: string, extra: Partial<ImportIssue> = {}) =>
      issues.push({ severity, code, row: null, column: null, cell: null, field: null, message, ...extra });

    for (const f of REQUIRED_FIELDS) {
      if (!col(f)) {
        fileIssue('error', 'MISSING_COLUMN', `缺少“${FIELD_LABELS[f]}”列 (required column missing: ${f})`, {
          field: f,
        });
      }
    }
    for (const f of ['leadUnit', 'category', 'content'] as const) {
      if (!col(f))
        fileIssue(
          'info',
          'OPTIONAL_COLUMN_ABSENT',
          `未找到“${FIELD_LABELS[f]}”列，各行按空白处理 (no ${f} column)`,
          { field: f },
        );
    }
    for (const c of header.extra) {
      fileIssue(
        'info',
        'EXTRA_COLUMN',
        `第${c.letter}列“${c.header}”不是导入字段，已忽略 (column not imported)`,
        {
          column: c.header,
          cell: c.letter,
        },
      );
    }
    for (const c of header.duplicate) {
      fileIssue(
        'info',
        'DUPLICATE_COLUMN',
        `第${c.letter}列“${c.header}”与“${header.fields[c.field]!.header}”列是同一字段，已忽略 (second column for ${c.field} ignored)`,
        { column: c.header, cell: c.letter, field: c.field },
      );
    }

    return issues;
  }

  /** Checks one data row against the cases of the session registered under its number. */
  row(raw: RawRow, existingCases: ReadonlyMap<string, ExistingCase>): CheckedRow {
    const { header, session, units, firstRowOf, columnsMissing } = this;
    const col = (f: ImportField) => header.fields[f];
    const rowIssues: ImportIssue[] = [];
    const add = (
      severity: Severity,
      f: ImportField | null,
      code: string,
      text: string,
      extra: Partial<ImportIssue> = {},
    ) => {
      const c = f ? col(f) : undefined;
      const where = c ? `第${raw.row}行“${c.header}”` : `第${raw.row}行`;
      rowIssues.push({
        severity,
        code,
        row: raw.row,
        column: c?.header ?? null,
        cell: c ? `${c.letter}${raw.row}` : null,
        field: f,
        message: `${where}：${text}`,
        ...extra,
      });
    };
    const cell = (f: ImportField) => raw.cells[f] ?? '';

    // 编号
    let number = '';
    if (col('number')) {
      const given = cell('number');
      if (!given) add('error', 'number', 'MISSING_NUMBER', '编号不能为空 (number is required)');
      else {
        const n = normalizeNumber(given);
        number = n.value;
        if (!NUMBER_RE.test(number)) {
          add(
            'error',
            'number',
            'NUMBER_MALFORMED',
            `编号“${given}”格式不正确：应为1–32位字母、数字或“-”，如 006 或 建9 (malformed number)`,
            {
              value: given,
            },
          );
        } else if (n.changed) {
          add(
            'warning',
            'number',
            'NUMBER_NORMALIZED',
            `编号“${given}”按“${number}”登记 (number normalised)`,
            { value: given },
          );
        }
      }
      if (NUMBER_RE.test(number)) {
        const first = firstRowOf.get(number);
        if (first !== undefined) {
          add(
            'error',
            'number',
            'DUPLICATE_NUMBER_IN_FILE',
            `编号“${number}”与第${first}行重复 (number already used in row ${first})`,
            {
              value: number,
              firstRow: first,
            },
          );
        } else firstRowOf.set(number, raw.row);
      }
    }

    // 标题
    const title = cell('title');
    if (col('title')) {
      if (!title) add('error', 'title', 'MISSING_TITLE', '标题不能为空 (title is required)');
      else if ([...title].length > LIMITS.title) {
        add(
          'error',
          'title',
          'TITLE_TOO_LONG',
          `标题超过${LIMITS.title}字 (title longer than ${LIMITS.title})`,
        );
      }
    }

    // 提出人 (+ 联名人)
    const names = [...splitList(cell('proposers')), ...splitList(cell('cosigners'))];
    const seen = new Set<string>();
    const proposers: { name: string; kind: ReturnType<typeof proposerKind> }[] = [];
    for (const name of names) {
      if (seen.has(name)) {
        add(
          'warning',
          'proposers',
          'DUPLICATE_PROPOSER',
          `提出人“${name}”重复列出，只登记一次 (listed twice)`,
          { value: name },
        );
        continue;
      }
      seen.add(name);
      if ([...name].length > LIMITS.proposerName) {
        add(
          'error',
          'proposers',
          'PROPOSER_NAME_TOO_LONG',
          `提出人名称超过${LIMITS.proposerName}字 (name too long)`,
          {
            value: name.slice(0, 50),
          },
        );
      }
      proposers.push({ name, kind: proposerKind(name, session.channel) });
    }
    if (col('proposers') && proposers.length === 0)
      add('error', 'proposers', 'MISSING_PROPOSERS', '提出人不能为空 (at least one proposer)');
    if (proposers.length > LIMITS.proposers) {
      add(
        'error',
        'proposers',
        'TOO_MANY_PROPOSERS',
        `提出人超过${LIMITS.proposers}位 (more than ${LIMITS.proposers})`,
      );
    }

    // 类别, 内容
    const category = cell('category');
    if ([...category].length > LIMITS.category) {
      add('error', 'category', 'CATEGORY_TOO_LONG', `类别超过${LIMITS.category}字 (category too long)`);
    }
    const content = cell('content');
    if (content.length > LIMITS.content) {
      add('error', 'content', 'CONTENT_TOO_LONG', `内容超过${LIMITS.content}字 (content too long)`);
    }

    // 主办单位, 会办单位
    const resolve = (f: 'leadUnit' | 'coUnits', text: string): UnitPick | null => {
      const found = units.find(text);
      if (found.length === 1) return pick(found[0]);
      if (found.length > 1) {
        add(
          'error',
          f,
          'AMBIGUOUS_UNIT',
          `“${text}”对应多个单位：${found.map((u) => `${u.name}（${u.code}）`).join('、')}，请填写全称或代码 (ambiguous unit)`,
          {
            value: text,
            suggestions: found.map((u) => ({ ...u, score: 1 })),
          },
        );
        return null;
      }
      const suggestions = units.suggest(text);
      const hint = suggestions.length ? `，是否为：${suggestions.map((s) => s.name).join('、')}` : '';
      add('error', f, 'UNKNOWN_UNIT', `未找到单位“${text}”（按名称、简称、代码查找）${hint} (unknown unit)`, {
        value: text,
        suggestions,
      });
      return null;
    };
    const leadUnits: UnitPick[] = [];
    for (const t of splitList(cell('leadUnit'))) {
      const u = resolve('leadUnit', t);
      if (u && !leadUnits.some((x) => x.id === u.id)) leadUnits.push(u);
    }
    if (leadUnits.length > 1) {
      add(
        'warning',
        'leadUnit',
        'SEVERAL_LEAD_UNITS',
        `填写了${leadUnits.length}个主办单位，按分别办理（分办）建议记录 (several lead units: separate handling)`,
      );
    }
    const coUnits: UnitPick[] = [];
    for (const t of splitList(cell('coUnits'))) {
      const u = resolve('coUnits', t);
      if (!u) continue;
      if (leadUnits.some((x) => x.id === u.id)) {
        add(
          'warning',
          'coUnits',
          'LEAD_ALSO_CO',
          `“${t}”已是主办单位，不再列为会办单位 (lead unit also listed as co-handler)`,
          { value: t },
        );
      } else if (coUnits.some((x) => x.id === u.id)) {
        add('warning', 'coUnits', 'DUPLICATE_CO_UNIT', `会办单位“${t}”重复列出 (listed twice)`, { value: t });
      } else coUnits.push(u);
    }
    if (coUnits.length && !splitList(cell('leadUnit')).length) {
      add(
        'warning',
        'leadUnit',
        'CO_UNITS_WITHOUT_LEAD',
        '填写了会办单位但没有主办单位，交办时需确定主办单位 (co-handlers without a lead unit)',
      );
    }

    const registration: RowRegistration = {
      jurisdiction: session.jurisdiction,
      channel: session.channel,
      term: session.term,
      session: session.session,
      number,
      duringSession: session.duringSession,
      title,
      ...(content ? { content } : {}),
      ...(category ? { category } : {}),
      proposers: proposers.map((p) => ({ name: p.name, kind: p.kind })),
    };
    // Backstop: the rules POST /proposals applies, for anything the checks above missed.
    if (!columnsMissing && !rowIssues.some((i) => i.severity === 'error')) {
      for (const e of registrationProblems(registration))
        add('error', dtoField(e.property), 'INVALID_VALUE', e.message);
    }

    // Already registered under this number?
    let existingId: string | null = null;
    let unchanged = false;
    const existing = number ? existingCases.get(number) : undefined;
    if (existing && !rowIssues.some((i) => i.code === 'DUPLICATE_NUMBER_IN_FILE')) {
      existingId = existing.id;
      const sameTitle = existing.title.trim() === title;
      const sameProposers = existing.proposers.join('\u0000') === proposers.map((p) => p.name).join('\u0000');
      if (sameTitle && sameProposers) {
        unchanged = true;
        add(
          'info',
          'number',
          'ALREADY_REGISTERED',
          `编号“${number}”已登记，导入时不变 (already registered, left unchanged)`,
          {
            existingId,
          },
        );
        const differs = [
          (existing.content ?? '') !== content ? '内容' : null,
          (existing.category ?? '') !== category ? '类别' : null,
        ].filter(Boolean);
        if (differs.length) {
          add(
            'warning',
            'number',
            'REGISTERED_DETAILS_DIFFER',
            `已登记案件的${differs.join('、')}与本文件不同，导入不会修改已登记的案件 (registered case differs; not updated)`,
            { existingId },
          );
        }
      } else {
        const what = [
          sameTitle ? null : `标题为“${existing.title}”`,
          sameProposers ? null : `提出人为“${existing.proposers.join('、')}”`,
        ]
          .filter(Boolean)
          .join('，');
        add(
          'error',
          'number',
          'NUMBER_TAKEN',
          `编号“${number}”已登记为另一件（${what}） (number already registered for a different case)`,
          {
            existingId,
          },
        );
      }
    }

    const invalid = rowIssues.some((i) => i.severity === 'error');
    return {
      planned: {
        row: raw.row,
        status: invalid ? 'invalid' : unchanged ? 'unchanged' : 'new',
        number,
        title,
        existingId,
        proposers,
        leadUnits,
        coUnits,
        registration: invalid || unchanged ? null : registration,
      },
      issues: rowIssues,
    };
  }
}

function pick(u: UnitRef): UnitPick {
  return { id: u.id, code: u.code, name: u.name };
}

/**
 * What POST /proposals' validation (RegisterProposalDto) would refuse in a row's registration:
 * the same patterns and limits, lengths in code points. A unit test holds the two together.
 */
export function registrationProblems(r: RowRegistration): { property: string; message: string }[] {
  const out: { property: string; message: string }[] = [];
  const len = (s: string) => [...s].length;
  if (!NUMBER_RE.test(r.number))
    out.push({ property: 'number', message: 'number must be 1-32 letters or digits, e.g. 006 or 建9' });
  if (!r.title.trim()) out.push({ property: 'title', message: 'title must not be empty or blank' });
  if (len(r.title) > 500)
    out.push({ property: 'title', message: 'title must be shorter than or equal to 500 characters' });
  if (r.content !== undefined && len(r.content) > 100000)
    out.push({ property: 'content', message: 'content must be shorter than or equal to 100000 characters' });
  if (r.category !== undefined && len(r.category) > 100)
    out.push({ property: 'category', message: 'category must be shorter than or equal to 100 characters' });
  if (r.proposers.length < 1)
    out.push({ property: 'proposers', message: 'proposers must contain at least 1 elements' });
  if (r.proposers.length > 500)
    out.push({ property: 'proposers', message: 'proposers must contain no more than 500 elements' });
  for (const p of r.proposers) {
    if (!p.name.trim() || len(p.name) > 200 || !(PARTY_KINDS as readonly string[]).includes(p.kind)) {
      out.push({
        property: 'proposers',
        message: `proposer “${p.name.slice(0, 50)}” is not a valid name and kind`,
      });
      break;
    }
  }
  return out;
}

function dtoField(property: string): ImportField | null {
  const map: Record<string, ImportField> = {
    number: 'number',
    title: 'title',
    proposers: 'proposers',
    category: 'category',
    content: 'content',
  };
  return map[property] ?? null;
}
