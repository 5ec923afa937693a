/**
 * The cheap look the upload request takes before answering: which kind of file it is and whether
 * a header row can be found in its first rows, reading only the first bytes (of a CSV, or of the
 * workbook, its first sheets and shared strings inside an .xlsx). It never reads the whole file;
 * when the first bytes cannot settle the question it answers 'unknown' and leaves it to the check.
 */
import { inflateRawSync } from 'node:zlib';
import { detectHeader } from './columns';
import { CsvEncoding, CsvRecordReader, detectEncoding, decodeSlices, sniffDelimiter } from './csv';
import { SpreadsheetError, zipEntries, ZipEntry } from './xlsx';

/** Whether a header row is among the first rows: found, surely missing, or not settled by the first bytes. */
export type HeaderLook = 'found' | 'missing' | 'unknown';

/** Rows scanned for the header (as the check does). */
const HEADER_SCAN = 10;
/** Bytes of a CSV looked at. */
const CSV_PREFIX_BYTES = 256 * 1024;
/** Most a prefix of a zip entry may unpack to here. */
const XLSX_PREFIX_OUT = 4 * 1024 * 1024;

/** A CSV's encoding (as far as its first bytes tell) and whether its first records have a header row. */
export function probeCsv(buf: Buffer): { encoding: CsvEncoding; header: HeaderLook } {
  const whole = buf.length <= CSV_PREFIX_BYTES;
  const prefix = whole ? buf : buf.subarray(0, CSV_PREFIX_BYTES);
  const found = detectEncoding(prefix, !whole);
  let text = '';
  for (const t of decodeSlices(prefix, found.encoding, found.skip)) text += t;
  const firstLineEnds = /[\r\n]/.test(text);
  if (!whole && !firstLineEnds) return { encoding: found.encoding, header: 'unknown' };
  const reader = new CsvRecordReader(sniffDelimiter(text), { maxFields: 256, maxFieldChars: 1000 });
  const records = reader.push(text);
  // the record cut off by the end of the prefix is not a record of the file
  if (whole) records.push(...reader.end());
  const first = records.slice(0, HEADER_SCAN);
  if (detectHeader(first)) return { encoding: found.encoding, header: 'found' };
  return {
    encoding: found.encoding,
    header: whole || first.length >= HEADER_SCAN ? 'missing' : 'unknown',
  };
}

/**
 * Whether some visible sheet of an .xlsx has a header row among its first rows, reading the
 * workbook part and the beginnings of the sheets and shared strings. Throws SpreadsheetError
 * ('too-large') when the zip directory says it unpacks beyond `maxUnpackedBytes`, ('corrupt') when
 * it has no readable directory or no workbook.
 */
export function probeXlsx(buf: Buffer, maxUnpackedBytes: number): HeaderLook {
  const entries = zipEntries(buf);
  if (!entries) throw new SpreadsheetError('too-large', 'ZIP64 archive');
  if (entries.reduce((s, e) => s + e.size, 0) > maxUnpackedBytes)
    throw new SpreadsheetError('too-large', `unpacked size exceeds ${maxUnpackedBytes} bytes`);
  const byName = new Map(entries.map((e) => [e.name.replace(/^\/+/, ''), e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!workbookEntry) throw new SpreadsheetError('corrupt', 'no workbook in the archive');
  try {
    const workbook = unpack(buf, workbookEntry, Infinity);
    const rels = byName.get('xl/_rels/workbook.xml.rels');
    if (!workbook?.complete || !rels) return 'unknown';
    const relXml = unpack(buf, rels, Infinity);
    if (!relXml?.complete) return 'unknown';
    const targets = new Map<string, string>();
    for (const tag of relXml.text.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
      const a = attributes(tag);
      if (a.Id && a.Target) targets.set(a.Id, a.Target);
    }
    const shared = new SharedStrings(buf, byName.get('xl/sharedStrings.xml'));
    let unknown = false;
    for (const tag of workbook.text.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
      const a = attributes(tag);
      if (a.state && a.state !== 'visible') continue;
      const target = targets.get(a['r:id'] ?? a.id ?? '');
      const path = target?.startsWith('/') ? target.slice(1) : `xl/${target ?? ''}`;
      const entry = target ? byName.get(path.replace(/\/\.\//g, '/')) : undefined;
      if (!entry) {
        unknown = true;
        continue;
      }
      const look = lookAtSheet(buf, entry, shared);
      if (look === 'found') return 'found';
      if (look === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'missing';
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e;
    // anything the first bytes do not make plain is left to the check, which reads the whole file
    return 'unknown';
  }
}

/** The first rows of a sheet with any text, as text: enough to find (or miss) a header. */
function lookAtSheet(buf: Buffer, entry: ZipEntry, shared: SharedStrings): HeaderLook {
  // a little more than the scan, as cells that look filled may turn out empty strings
  const wanted = HEADER_SCAN * 3;
  let out: Unpacked | null = null;
  let rows: RawCell[][] = [];
  for (let budget = 16 * 1024; ; budget *= 4) {
    out = unpack(buf, entry, budget);
    if (!out) return 'unknown';
    rows = sheetRows(out.text, wanted);
    if (rows.length >= wanted || out.complete || /<\/(?:\w+:)?sheetData>/.test(out.text)) break;
    if (budget >= XLSX_PREFIX_OUT) return 'unknown';
  }
  const texts: string[][] = [];
  for (const cells of rows) {
    const row: string[] = [];
    for (const c of cells) {
      const t = c.shared === undefined ? c.text : shared.get(c.shared);
      if (t === undefined) return 'unknown';
      row[c.col] = t;
    }
    for (let i = 0; i < row.length; i++) row[i] ??= '';
    if (row.some((t) => t !== '')) texts.push(row);
    if (texts.length >= HEADER_SCAN) break;
  }
  if (detectHeader(texts)) return 'found';
  const sheetEnded = out.complete || /<\/(?:\w+:)?sheetData>/.test(out.text);
  return texts.length >= HEADER_SCAN || sheetEnded ? 'missing' : 'unknown';
}

interface RawCell {
  col: number;
  shared?: number;
  text: string;
}

/** Rows of sheet XML (possibly cut off) with at least one cell carrying a value; at most `limit`. */
function sheetRows(xml: string, limit: number): RawCell[][] {
  const start = xml.search(/<(?:\w+:)?sheetData\b/);
  if (start < 0) return [];
  const rows: RawCell[][] = [];
  const rowRe = /<(?:\w+:)?row\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  rowRe.lastIndex = start;
  for (let m = rowRe.exec(xml); m && rows.length < limit; m = rowRe.exec(xml)) {
    const cells: RawCell[] = [];
    const cellRe = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
    let next = 0;
    for (let c = cellRe.exec(m[1] ?? ''); c; c = cellRe.exec(m[1] ?? '')) {
      const a = attributes(c[1]);
      const col = a.r ? columnIndex(a.r) : next;
      next = col + 1;
      const inner = c[2] ?? '';
      const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      if (a.t === 'inlineStr') {
        const is = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1];
        if (is !== undefined) cells.push({ col, text: runsText(is) });
      } else if (v !== undefined) {
        if (a.t === 's') cells.push({ col, shared: Number(v), text: '' });
        else if (a.t === 'b') cells.push({ col, text: v.trim() === '0' ? 'FALSE' : 'TRUE' });
        // numbers, dates, errors and formula results: never a header name, but a value
        else cells.push({ col, text: decodeXml(v) });
      }
    }
    if (cells.length) rows.push(cells);
  }
  return rows;
}

/** Shared strings by index, unpacking only as far as the highest index asked for. */
class SharedStrings {
  private strings: string[] = [];
  private complete = false;
  private budget = 16 * 1024;

  constructor(
    private readonly buf: Buffer,
    private readonly entry: ZipEntry | undefined,
  ) {}

  get(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || !this.entry) return undefined;
    while (i >= this.strings.length && !this.complete) {
      if (this.budget > XLSX_PREFIX_OUT) return undefined;
      const out = unpack(this.buf, this.entry, this.budget);
      if (!out) return undefined;
      this.budget *= 4;
      this.complete = out.complete;
      this.strings = (out.text.match(/<(?:\w+:)?si>[\s\S]*?<\/(?:\w+:)?si>/g) ?? []).map(runsText);
    }
    return this.strings[i];
  }
}

/** The text of a string item: its <t> runs, without phonetic guides (<rPh>). */
function runsText(xml: string): string {
  const plain = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let text = '';
  for (const m of plain.matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) text += m[1] ?? '';
  return decodeXml(text);
}

interface Unpacked {
  text: string;
  /** The whole entry was unpacked. */
  complete: boolean;
}

/**
 * The beginning of a zip entry as UTF-8 text: at most `maxOut` bytes (rounded to what the
 * compressed prefix gives), or null when the entry cannot be read this way.
 */
function unpack(buf: Buffer, e: ZipEntry, maxOut: number): Unpacked | null {
  const p = e.offset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) return null;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = Math.min(buf.length, start + e.compressedSize);
  if (e.method === 0) {
    const take = Math.min(end - start, maxOut);
    return { text: buf.toString('utf8', start, start + take), complete: take === end - start };
  }
  if (e.method !== 8) return null;
  if (maxOut === Infinity && e.size > XLSX_PREFIX_OUT) return null;
  // deflate rarely packs XML tighter than 1:20, so this much input gives about maxOut of output
  const input = maxOut === Infinity ? end - start : Math.min(end - start, Math.ceil(maxOut / 20) + 1024);
  try {
    const out = inflateRawSync(buf.subarray(start, start + input), {
      finishFlush: 2 /* Z_SYNC_FLUSH: a cut-off stream gives what it has */,
      maxOutputLength: XLSX_PREFIX_OUT * 2,
    });
    return { text: out.toString('utf8'), complete: input === end - start };
  } catch {
    return null;
  }
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = decodeXml(m[2]);
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*'([^']*)'/g)) out[m[1]] = decodeXml(m[2]);
  return out;
}

/** 0-based column of an A1 reference. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}
