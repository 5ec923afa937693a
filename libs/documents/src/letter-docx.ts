/**
 * The reply letter (答复) or co-handling opinion (会办意见) as a .docx laid out as a Chinese official
 * document, after GB/T 9704-2012 (党政机关公文格式):
 *
 * - A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm);
 * - class mark at the top right of the first page, then 文号 and 签发人 on the right;
 * - title in 2号 方正小标宋简体, centred; salutation flush left with a full-width colon;
 * - body in 3号 仿宋_GB2312, two-character first-line indent, 22 lines a page (exact 28.95 pt);
 *   level-1 headings (一、…) in 黑体, level-2 headings ((一)…) in 楷体_GB2312;
 * - 联系人 and 联系电话 after the body, as the published replies print them;
 * - signing unit(s) centred over the date, the date right-indented four characters, written with
 *   Arabic numerals (2020年6月12日); several units side by side on one line;
 * - 公开属性 as a note under the date; 抄送 in the 版记 between rules;
 * - page numbers "— 1 —" in 4号 宋体, outside edge (odd pages right, even pages left).
 *
 * The page names the fonts the national format expects; ASCII text and digits use Times New
 * Roman, and the font table lists common substitutes for machines without the GB fonts.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
} from 'docx';
import JSZip from 'jszip';
import { chineseDate } from './title';
import type { LetterModel } from './types';

/** Font names of the national format. */
export const LETTER_FONTS = {
  /** Title: 方正小标宋简体. */
  title: '方正小标宋简体',
  /** Body: 仿宋_GB2312. */
  body: '仿宋_GB2312',
  /** Class mark and level-1 headings: 黑体. */
  heading1: '黑体',
  /** Level-2 headings and the signer's name: 楷体_GB2312. */
  heading2: '楷体_GB2312',
  /** Page numbers: 宋体. */
  pageNumber: '宋体',
  /** ASCII letters and digits. */
  latin: 'Times New Roman',
} as const;

/**
 * Substitutes written to the font table (w:altName), for machines without the GB fonts: the
 * Windows fonts 仿宋, 楷体 and 宋体 carry the same glyphs under other names.
 */
export const FONT_ALTERNATES: Readonly<Record<string, string>> = {
  [LETTER_FONTS.title]: '宋体',
  [LETTER_FONTS.body]: '仿宋',
  [LETTER_FONTS.heading1]: 'SimHei',
  [LETTER_FONTS.heading2]: '楷体',
  [LETTER_FONTS.pageNumber]: 'SimSun',
};

const mm = (millimetres: number): number => Math.round((millimetres * 1440) / 25.4);

/** The page in twips (1/1440 inch): A4 with the margins of GB/T 9704-2012. */
export const LETTER_PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
  /** Page numbers sit about 7 mm under the text block. */
  footer: mm(23),
} as const;

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { title: 44, body: 32, note: 28 } as const;
/** One character of body text (3号, 16 pt) in twips. */
const CHAR = 320;
/** Exact line pitch of body text: 225 mm over 22 lines = 28.95 pt, in twips. */
export const LINE = 579;
/** Exact line pitch of the title (2号): 35 pt. */
const TITLE_LINE = 700;
/** Signing units and date: the date is right-indented four characters (GB/T 9704 7.3.5.1). */
const DATE_RIGHT_CHARS = 4;
/** Width of the text block in body characters (156 mm / 16 pt). */
const LINE_CHARS = 27;
/** Gap between signing units on one line. */
const UNIT_GAP = '\u3000\u3000\u3000';

type Font = { eastAsia: string; ascii: string; hAnsi: string; cs: string; hint: 'eastAsia' };

function font(eastAsia: string): Font {
  return {
    eastAsia,
    ascii: LETTER_FONTS.latin,
    hAnsi: LETTER_FONTS.latin,
    cs: LETTER_FONTS.latin,
    hint: 'eastAsia',
  };
}

function run(text: string, fontName: string = LETTER_FONTS.body, size: number = SIZE.body): TextRun {
  return new TextRun({ text, font: font(fontName), size, sizeComplexScript: size });
}

const exact = (line: number, before = 0) => ({ line, lineRule: LineRuleType.EXACT, before, after: 0 });

/** Width of a text in body characters: CJK and full-width forms count 1, the rest ½. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x100 ? 0.5 : 1;
  return w;
}

/** Splits the body at line breaks; blank lines and surrounding spaces (incl. full-width) go. */
export function bodyLines(body: string): string[] {
  return body
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, ''))
    .filter((l) => l.length > 0);
}

/** Heading level of a body line: 1 for 一、…, 2 for (一)…, 0 for an ordinary paragraph. */
export function headingLevel(line: string): 0 | 1 | 2 {
  // a heading is one short line without a full stop; "一、…。一是…" is an ordinary paragraph
  if (line.length > 40 || /[。；;!！?？]/.test(line)) return 0;
  if (/^[一二三四五六七八九十]+、/.test(line)) return 1;
  if (/^[（(][一二三四五六七八九十]+[)）]/.test(line)) return 2;
  return 0;
}

/** Groups signing units into lines that fit the text block, in order. */
export function signingLines(units: readonly string[]): string[] {
  const lines: string[] = [];
  let current = '';
  for (const unit of units.map((u) => u.trim()).filter(Boolean)) {
    const candidate = current ? `${current}${UNIT_GAP}${unit}` : unit;
    if (current && textWidth(candidate) > LINE_CHARS - 2) {
      lines.push(current);
      current = unit;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function paragraph(options: IParagraphOptions): Paragraph {
  return new Paragraph({ spacing: exact(LINE), ...options });
}

function headerBlock(model: LetterModel): Paragraph[] {
  const out: Paragraph[] = [];
  if (model.classMark?.trim()) {
    out.push(
      paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR },
        children: [run(model.classMark.trim(), LETTER_FONTS.heading1)],
      }),
    );
  }
  if (model.docNumber?.trim()) {
    out.push(
      paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR },
        children: [run(model.docNumber.trim())],
      }),
    );
  }
  if (model.signer?.name.trim()) {
    const title = model.signer.title?.trim();
    out.push(
      paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR },
        children: [
          run('签发人：'),
          run(model.signer.name.trim(), LETTER_FONTS.heading2),
          ...(title ? [run(`（${title}）`)] : []),
        ],
      }),
    );
  }
  return out;
}

function bodyParagraph(line: string): Paragraph {
  const level = headingLevel(line);
  const fontName =
    level === 1 ? LETTER_FONTS.heading1 : level === 2 ? LETTER_FONTS.heading2 : LETTER_FONTS.body;
  return paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
    children: [run(line, fontName)],
  });
}

function contactLine(contact: LetterModel['contact']): string | undefined {
  const person = contact?.person?.trim();
  const phone = contact?.phone?.trim();
  const parts = [person && `联系人：${person}`, phone && `联系电话：${phone}`].filter(Boolean);
  return parts.length ? parts.join('，') : undefined;
}

function signatureBlock(model: LetterModel): Paragraph[] {
  const date = chineseDate(model.date);
  const dateWidth = textWidth(date);
  const out = signingLines(model.signingUnits).map((line, i) => {
    // centred over the date; a line wider than the date keeps to the right edge
    const right = Math.max(0, DATE_RIGHT_CHARS + (dateWidth - textWidth(line)) / 2);
    return paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(right * CHAR) },
      spacing: exact(LINE, i === 0 ? 2 * LINE : 0),
      children: [run(line)],
    });
  });
  out.push(
    paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: DATE_RIGHT_CHARS * CHAR },
      spacing: exact(LINE, out.length ? 0 : 2 * LINE),
      children: [run(date)],
    }),
  );
  return out;
}

function copiesLine(copies: readonly string[]): Paragraph {
  const rule = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
  return new Paragraph({
    spacing: exact(LINE, 2 * LINE),
    indent: { left: CHAR, right: CHAR },
    border: { top: rule, bottom: rule },
    children: [run(`抄送：${copies.join('，')}。`, LETTER_FONTS.body, SIZE.note)],
  });
}

function pageNumberFooter(alignment: 'left' | 'right'): Footer {
  const size = SIZE.note;
  const f = font(LETTER_FONTS.pageNumber);
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === 'right' ? { right: CHAR } : { left: CHAR },
        children: [
          new TextRun({ text: '— ', font: f, size }),
          new TextRun({ children: [PageNumber.CURRENT], font: f, size }),
          new TextRun({ text: ' —', font: f, size }),
        ],
      }),
    ],
  });
}

/** The letter's paragraphs in page order (without the footers). */
export function letterParagraphs(model: LetterModel): Paragraph[] {
  const header = headerBlock(model);
  const children: Paragraph[] = [...header];
  children.push(
    paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(TITLE_LINE, header.length ? 2 * LINE : 0),
      children: [run(model.title.trim(), LETTER_FONTS.title, SIZE.title)],
    }),
  );
  children.push(
    paragraph({
      spacing: exact(LINE, LINE),
      children: [run(`${model.salutation.trim().replace(/[:：]$/, '')}：`)],
    }),
  );
  children.push(...bodyLines(model.body).map(bodyParagraph));
  const contact = contactLine(model.contact);
  if (contact) children.push(bodyParagraph(contact));
  children.push(...signatureBlock(model));
  if (model.publicity?.trim()) {
    children.push(
      paragraph({
        indent: { left: 2 * CHAR },
        spacing: exact(LINE, LINE),
        children: [run(`（公开属性：${model.publicity.trim()}）`)],
      }),
    );
  }
  const copies = (model.copies ?? []).map((c) => c.trim()).filter(Boolean);
  if (copies.length) children.push(copiesLine(copies));
  return children;
}

/** Adds w:altName substitutes to the font table of a generated package. */
async function withFontAlternates(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const part = zip.file('word/fontTable.xml');
  if (!part) return buf;
  let xml = await part.async('string');
  const declared = new Set([...xml.matchAll(/<w:font w:name="([^"]+)"/g)].map((m) => m[1]));
  const entries = Object.entries(FONT_ALTERNATES)
    .filter(([name]) => !declared.has(name))
    .map(
      ([name, alt]) =>
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/>` +
        `<w:family w:val="${name === LETTER_FONTS.heading1 ? 'modern' : 'roman'}"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join('');
  if (!entries) return buf;
  // the library writes an empty table as a self-closing <w:fonts …/>
  xml = /<\/w:fonts>\s*$/.test(xml)
    ? xml.replace(/<\/w:fonts>\s*$/, `${entries}</w:fonts>`)
    : xml.replace(/<w:fonts([^>]*?)\s*\/>\s*$/, `<w:fonts$1>${entries}</w:fonts>`);
  zip.file('word/fontTable.xml', xml, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Renders the letter to a .docx. */
export async function letterDocx(model: LetterModel): Promise<Buffer> {
  if (!model.title.trim()) throw new Error('letterDocx: the letter has no title');
  if (!model.signingUnits.some((u) => u.trim()))
    throw new Error('letterDocx: the letter has no signing unit');
  const doc = new Document({
    title: model.title.trim(),
    creator: model.signingUnits
      .map((u) => u.trim())
      .filter(Boolean)
      .join(' '),
    subject: model.kind === 'reply' ? '答复' : '会办意见',
    lastModifiedBy: model.signingUnits
      .map((u) => u.trim())
      .filter(Boolean)
      .join(' '),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(LETTER_FONTS.body), size: SIZE.body, sizeComplexScript: SIZE.body },
          paragraph: { spacing: exact(LINE) },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: LETTER_PAGE.width, height: LETTER_PAGE.height },
            margin: { ...LETTER_PAGE.margin, header: mm(15), footer: LETTER_PAGE.footer },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: letterParagraphs(model),
      },
    ],
  });
  return withFontAlternates(await Packer.toBuffer(doc));
}
