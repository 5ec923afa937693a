/**
 * Reads a .docx back as plain text, one string per paragraph: enough to check what a generated
 * letter says (tests, previews). Headers and footers are not read; the letters keep nothing there
 * but the page number.
 */
import JSZip from 'jszip';

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** The XML of one part of the package (e.g. word/styles.xml); throws when the part is missing. */
export async function docxPart(buf: Buffer, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const part = zip.file(name);
  if (!part) throw new Error(`docx: no part ${name}`);
  return part.async('string');
}

/**
 * The paragraphs of word/document.xml in order, as plain text: the text of the runs joined, a tab
 * as '\t', a line break as '\n', XML entities decoded. Empty paragraphs give ''.
 */
export async function docxParagraphs(buf: Buffer): Promise<string[]> {
  return paragraphsOf(await docxPart(buf, 'word/document.xml'));
}

/** The paragraphs joined by '\n'. */
export async function docxText(buf: Buffer): Promise<string> {
  return (await docxParagraphs(buf)).join('\n');
}

/** Paragraph texts of a WordprocessingML part. */
export function paragraphsOf(xml: string): string[] {
  const out: string[] = [];
  // open paragraphs, innermost last (a text box nests paragraphs inside a paragraph)
  const open: string[] = [];
  let inRun = 0;
  let inText = false;
  const token = /<(\/?)w:(p|r|t|tab|br|cr)(?=[\s/>])([^>]*?)(\/?)>|([^<]+)|<[^>]*>/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const [, closing, tag, , selfClosing, text] = m;
    if (text !== undefined) {
      if (inText && open.length) open[open.length - 1] += decodeXmlEntities(text);
      continue;
    }
    if (!tag) continue;
    const isClose = closing === '/';
    const isEmpty = selfClosing === '/';
    switch (tag) {
      case 'p':
        if (isClose) out.push(open.pop() ?? '');
        else if (isEmpty) out.push('');
        else open.push('');
        break;
      case 'r':
        if (isClose) inRun = Math.max(0, inRun - 1);
        else if (!isEmpty) inRun += 1;
        break;
      case 't':
        inText = !isClose && !isEmpty;
        break;
      case 'tab':
        // a <w:tab/> in a run is text; in <w:tabs> it only defines a tab stop
        if (inRun && open.length) open[open.length - 1] += '\t';
        break;
      case 'br':
      case 'cr':
        if (inRun && open.length) open[open.length - 1] += '\n';
        break;
    }
  }
  return out;
}
