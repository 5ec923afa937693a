/**
 * CSV as offices save it from Excel: RFC 4180 quoting, CRLF/LF/CR line ends, UTF-8 with or
 * without a BOM, UTF-16 (Excel's "Unicode text"), or GB18030/GBK (Excel's default on a Chinese
 * Windows). No package: Node's TextDecoder knows every one of these encodings.
 *
 * Read as a stream: the bytes are decoded a slice at a time and records come out one by one, each
 * bounded (fields per record, characters per field), so a 10 MB file never becomes one string.
 */

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Bounds of one record: fields beyond `maxFields` are dropped, characters beyond `maxFieldChars` cut off. */
export interface CsvBounds {
  maxFields: number;
  maxFieldChars: number;
}

const UNBOUNDED: CsvBounds = { maxFields: Infinity, maxFieldChars: Infinity };

/** Bytes decoded at a time when streaming. */
const SLICE_BYTES = 64 * 1024;

/**
 * The encoding of a text file: a BOM, else strict UTF-8 over every byte given, else GB18030 (a
 * superset of GBK). With `partial`, the bytes are a prefix of the file, which may end inside a
 * character. Returns the encoding and how many BOM bytes to skip.
 */
export function detectEncoding(buf: Uint8Array, partial = false): { encoding: CsvEncoding; skip: number } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { encoding: 'utf-8-bom', skip: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    // a slice at a time: validates without holding the decoded text
    for (let i = 0; i < buf.length; i += SLICE_BYTES) {
      strict.decode(buf.subarray(i, i + SLICE_BYTES), { stream: partial || i + SLICE_BYTES < buf.length });
    }
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    return { encoding: 'gb18030', skip: 0 };
  }
}

/** Inside quotes only a quote or a CR needs a look (an LF is kept as it is). */
const QUOTED_SPECIAL = /["\r]/g;

const decoderLabel = (e: CsvEncoding) => (e === 'utf-8-bom' ? 'utf-8' : e);

/** Decodes bytes of a text file, recognising a BOM, else strict UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(buf: Uint8Array): { text: string; encoding: CsvEncoding } {
  const { encoding, skip } = detectEncoding(buf);
  return { text: new TextDecoder(decoderLabel(encoding)).decode(buf.subarray(skip)), encoding };
}

/** The text of `buf` in `encoding`, a slice at a time (the last slice flushes). */
export function* decodeSlices(buf: Uint8Array, encoding: CsvEncoding, skip: number): Generator<string> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  for (let i = skip; i < buf.length; i += SLICE_BYTES) {
    const last = i + SLICE_BYTES >= buf.length;
    const text = decoder.decode(buf.subarray(i, i + SLICE_BYTES), { stream: !last });
    if (text) yield text;
  }
}

/**
 * The delimiter of the first record: a comma unless the first line has tabs (or semicolons)
 * and no commas, as in Excel's tab-separated "Unicode text" or a European-locale CSV.
 */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  if (count(',') > 0) return ',';
  if (count('\t') > 0) return '\t';
  if (count(';') > 0) return ';';
  return ',';
}

/**
 * RFC 4180 records, fed text a piece at a time. A quoted field may hold delimiters, line breaks
 * and doubled quotes; a quote inside an unquoted field is kept literally (Excel writes such files
 * too). Line breaks inside fields come back as "\n". Each record is one row as Excel shows it.
 */
export class CsvRecordReader {
  private record: string[] = [];
  private parts: string[] = [];
  private fieldChars = 0;
  private quoted = false;
  /** A quote ended the previous piece inside a quoted field: doubled, or the closing one? */
  private quoteAtEnd = false;
  /** A CR ended the previous piece: an LF right after it belongs to the same line break. */
  private crAtEnd = false;
  private readonly special: RegExp;

  constructor(
    private readonly delimiter: string,
    private readonly bounds: CsvBounds = UNBOUNDED,
  ) {
    const d = delimiter === '\t' ? '\\t' : delimiter;
    this.special = new RegExp(`["${d}\\r\\n]`, 'g');
  }

  /** Takes the next piece of text; returns the records it completed. */
  push(text: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    const n = text.length;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (text[0] === '\n') i = 1;
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (text[i] === '"') {
        this.append('"');
        i++;
      } else this.quoted = false;
    }
    while (i < n) {
      if (this.quoted) {
        QUOTED_SPECIAL.lastIndex = i;
        const stop = QUOTED_SPECIAL.exec(text)?.index ?? -1;
        if (stop < 0) {
          this.append(text.slice(i));
          break;
        }
        this.append(text.slice(i, stop));
        i = stop + 1;
        if (text[stop] === '\r') {
          // CR or CRLF inside quotes is one line break
          this.append('\n');
          if (i < n) {
            if (text[i] === '\n') i++;
          } else this.crAtEnd = true;
          continue;
        }
        if (i >= n) {
          this.quoteAtEnd = true;
          break;
        }
        if (text[i] === '"') {
          this.append('"');
          i++;
        } else this.quoted = false;
        continue;
      }
      this.special.lastIndex = i;
      const m = this.special.exec(text);
      if (!m) {
        this.append(text.slice(i));
        break;
      }
      const at = m.index;
      const c = text[at];
      if (c === '"') {
        if (at === i && this.fieldChars === 0 && this.parts.length === 0) {
          this.quoted = true;
        } else this.append(text.slice(i, at + 1));
        i = at + 1;
        continue;
      }
      this.append(text.slice(i, at));
      i = at + 1;
      if (c === this.delimiter) {
        this.endField();
      } else {
        this.endField();
        out.push(this.takeRecord());
        if (c === '\r') {
          if (i < n) {
            if (text[i] === '\n') i++;
          } else this.crAtEnd = true;
        }
      }
    }
    return out;
  }

  /** Ends the text: the last record, when it has no trailing line break. */
  end(): string[][] {
    this.crAtEnd = false;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    // a file ending in a line break adds no empty record
    if (this.fieldChars > 0 || this.parts.length > 0 || this.record.length > 0 || this.quoted) {
      this.quoted = false;
      this.endField();
      return [this.takeRecord()];
    }
    return [];
  }

  private append(s: string) {
    if (!s) return;
    const room = this.bounds.maxFieldChars - this.fieldChars;
    if (room <= 0) {
      // an empty part still marks the field as started (a quote after it is literal)
      if (!this.parts.length) this.parts.push('');
      return;
    }
    const piece = s.length > room ? s.slice(0, room) : s;
    this.parts.push(piece);
    this.fieldChars += piece.length;
  }

  private endField() {
    if (this.record.length < this.bounds.maxFields) this.record.push(this.parts.join(''));
    this.parts = [];
    this.fieldChars = 0;
  }

  private takeRecord(): string[] {
    const r = this.record;
    this.record = [];
    return r;
  }
}

/** Every record of a text. */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): string[][] {
  const reader = new CsvRecordReader(delimiter);
  return [...reader.push(text), ...reader.end()];
}

/**
 * The records of a CSV file's bytes, one at a time, decoded in slices: the encoding is detected
 * first (over every byte, so a GBK character late in the file is not misread), the delimiter from
 * the first line.
 */
export function* csvRecords(
  buf: Uint8Array,
  bounds: CsvBounds,
  found: { encoding: CsvEncoding; skip: number } = detectEncoding(buf),
): Generator<string[]> {
  let reader: CsvRecordReader | null = null;
  let head = '';
  for (const text of decodeSlices(buf, found.encoding, found.skip)) {
    if (!reader) {
      head += text;
      // the delimiter is read off the whole first line
      if (!/[\r\n]/.test(head) && head.length < 1024 * 1024) continue;
      reader = new CsvRecordReader(sniffDelimiter(head), bounds);
      yield* reader.push(head);
      head = '';
      continue;
    }
    yield* reader.push(text);
  }
  if (!reader) {
    reader = new CsvRecordReader(sniffDelimiter(head), bounds);
    yield* reader.push(head);
  }
  yield* reader.end();
}
