import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bodyLines,
  FONT_ALTERNATES,
  headingLevel,
  LETTER_FONTS,
  LETTER_PAGE,
  letterDocx,
  signingLines,
} from './letter-docx';
import { docxPart, docxParagraphs, docxText } from './read-docx';
import type { LetterModel } from './types';

/** The body of a seed reply, from the fixtures of the five published replies. */
function seedBody(n: string): string {
  const file = join(__dirname, '../../../test/fixtures/seeds', `${n}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { reply: { body: string } }).reply.body;
}

/** The East Asian font of the run whose text is (or, with `prefix`, starts with) `text`. */
function runFont(xml: string, text: string, prefix = false): string | undefined {
  const at = xml.indexOf(`>${text}${prefix ? '' : '</w:t>'}`);
  if (at < 0) return undefined;
  const fontAt = xml.lastIndexOf('w:eastAsia="', at);
  return /w:eastAsia="([^"]+)"/.exec(xml.slice(fontAt, at))?.[1];
}

// seed 004: a joint reply of two units to a CPPCC group
const seed004: LetterModel = {
  kind: 'reply',
  title: '中共龙泉市委组织部 龙泉市民政局关于市政协十届二次会议第39号提案的答复',
  salutation: '民盟、农工党与无党派人士界别组',
  body: seedBody('004'),
  signingUnits: ['中共龙泉市委组织部', '龙泉市民政局'],
  date: '2023-10-27',
  contact: { person: '胡春峰', phone: '7761832' },
};

// seed 003, with what the published page leaves out: class mark, signer, copies, 公开属性
const seed003: LetterModel = {
  kind: 'reply',
  classMark: 'A',
  docNumber: '杭民函〔2020〕65号',
  title: '杭州市民政局关于市十三届人大五次会议建9号建议的答复',
  salutation: '王征代表',
  body: seedBody('003'),
  signingUnits: ['杭州市民政局'],
  date: '2020-06-12',
  signer: { name: '张三', title: '局长' },
  contact: { person: '杨婷婷', phone: '85159162' },
  copies: ['市人大常委会人事代表工作委员会', '市政府办公厅'],
  publicity: '主动公开',
};

describe('letterDocx: seed 004, two signing units', () => {
  let buf: Buffer;
  let paras: string[];
  beforeAll(async () => {
    buf = await letterDocx(seed004);
    paras = await docxParagraphs(buf);
  });

  it('is a zip package', () => {
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('prints title, salutation with a full-width colon, and every body paragraph in order', () => {
    expect(paras[0]).toBe(seed004.title);
    expect(paras[1]).toBe('民盟、农工党与无党派人士界别组：');
    const body = bodyLines(seed004.body);
    expect(paras.slice(2, 2 + body.length)).toEqual(body);
  });

  it('signs with both units side by side on one line, above the date', () => {
    const signing = paras.findIndex(
      (p) => p.includes('中共龙泉市委组织部') && p.includes('龙泉市民政局') && !p.includes('关于'),
    );
    expect(signing).toBeGreaterThan(0);
    expect(paras[signing]).toMatch(/^中共龙泉市委组织部\s+龙泉市民政局$/);
    expect(paras[signing + 1]).toBe('2023年10月27日');
  });

  it('gives the contact person and phone before the signature', () => {
    const contact = paras.indexOf('联系人：胡春峰，联系电话：7761832');
    expect(contact).toBeGreaterThan(0);
    expect(contact).toBeLessThan(paras.indexOf('2023年10月27日'));
  });

  it('prints no class mark, 文号, signer, copies or 公开属性 it was not given', async () => {
    const text = await docxText(buf);
    expect(text).not.toContain('签发人');
    expect(text).not.toContain('抄送');
    expect(text).not.toContain('公开属性');
    expect(paras[0]).toBe(seed004.title);
  });

  it('sets level-1 headings in 黑体 and level-2 headings in 楷体_GB2312', async () => {
    const xml = await docxPart(buf, 'word/document.xml');
    expect(runFont(xml, '一、加强组织建设,全面激活基层治理效能')).toBe(LETTER_FONTS.heading1);
    expect(runFont(xml, '(一)立足实际,优化社区组织体系。', true)).toBe(LETTER_FONTS.body);
    expect(headingLevel('一、加强组织建设,全面激活基层治理效能')).toBe(1);
    expect(headingLevel('(一)社区治理机制体制不断健全完善')).toBe(2);
    expect(headingLevel('(一)立足实际,优化社区组织体系。一是建强社区“大党委”。')).toBe(0);
    expect(headingLevel('一、推行社区公共服务事项准入制度,为社区减负增效。一是研究制定社区准入制度。')).toBe(
      0,
    );
  });
});

describe('letterDocx: seed 003, with 文号, class mark, signer, contact, copies', () => {
  let buf: Buffer;
  let paras: string[];
  let text: string;
  beforeAll(async () => {
    buf = await letterDocx(seed003);
    paras = await docxParagraphs(buf);
    text = paras.join('\n');
  });

  it('puts the class mark first, then 文号 and 签发人, then the title', () => {
    expect(paras[0]).toBe('A');
    expect(paras[1]).toBe('杭民函〔2020〕65号');
    expect(paras[2]).toBe('签发人：张三（局长）');
    expect(paras[3]).toBe('杭州市民政局关于市十三届人大五次会议建9号建议的答复');
    expect(paras[4]).toBe('王征代表：');
  });

  it('keeps the body, the contact line, the signing unit and the date', () => {
    expect(text).toContain('真诚感谢您对我市社区治理工作的关心和支持!');
    expect(paras).toContain('联系人：杨婷婷，联系电话：85159162');
    const unit = paras.lastIndexOf('杭州市民政局');
    expect(unit).toBeGreaterThan(4);
    expect(paras[unit + 1]).toBe('2020年6月12日');
  });

  it('ends with 公开属性 and the 抄送 line', () => {
    expect(paras.at(-2)).toBe('（公开属性：主动公开）');
    expect(paras.at(-1)).toBe('抄送：市人大常委会人事代表工作委员会，市政府办公厅。');
  });

  it('lays out an A4 page with the margins of GB/T 9704-2012', async () => {
    const xml = await docxPart(buf, 'word/document.xml');
    const mm = (x: number) => Math.round((x * 1440) / 25.4);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    expect(margin).toContain(`w:top="${mm(37)}"`);
    expect(margin).toContain(`w:bottom="${mm(35)}"`);
    expect(margin).toContain(`w:left="${mm(28)}"`);
    expect(margin).toContain(`w:right="${mm(26)}"`);
    expect(LETTER_PAGE.margin).toEqual({ top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) });
  });

  it('names the fonts of the national format, at 2号 and 3号', async () => {
    const xml = await docxPart(buf, 'word/document.xml');
    const styles = await docxPart(buf, 'word/styles.xml');
    // title: 2号 (22 pt = 44 half-points) 方正小标宋简体
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/);
    // body: 3号 (16 pt) 仿宋_GB2312 with Times New Roman for Latin text, also the document default
    expect(xml).toMatch(/w:ascii="Times New Roman"[^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="仿宋_GB2312"/);
    // class mark in 黑体
    expect(xml).toMatch(
      /w:eastAsia="黑体"[^>]*\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:t[^>]*>A<\/w:t>/,
    );
    // exact line pitch of 28.95 pt and a two-character first-line indent
    expect(xml).toContain('w:line="579" w:lineRule="exact"');
    expect(xml).toMatch(/<w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
  });

  it('lists substitutes for the GB fonts in the font table', async () => {
    const fonts = await docxPart(buf, 'word/fontTable.xml');
    for (const [name, alt] of Object.entries(FONT_ALTERNATES)) {
      expect(fonts).toContain(`<w:font w:name="${name}"><w:altName w:val="${alt}"/>`);
    }
    expect(Object.keys(FONT_ALTERNATES)).toEqual(
      expect.arrayContaining([LETTER_FONTS.title, LETTER_FONTS.body]),
    );
  });

  it('numbers the pages "— 1 —" on the outside edge', async () => {
    const odd = await docxPart(buf, 'word/footer1.xml');
    const even = await docxPart(buf, 'word/footer2.xml');
    for (const footer of [odd, even]) {
      expect(footer).toContain('— </w:t>');
      expect(footer).toContain('PAGE');
      expect(footer).toContain(' —</w:t>');
    }
    expect(await docxPart(buf, 'word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
  });

  it('carries the title in the document properties', async () => {
    const core = await docxPart(buf, 'docProps/core.xml');
    expect(core).toContain(`<dc:title>${seed003.title}</dc:title>`);
    expect(core).toContain('<dc:creator>杭州市民政局</dc:creator>');
  });
});

describe('letter parts', () => {
  it('drops blank lines and surrounding spaces of the body', () => {
    expect(bodyLines('\u3000\u3000第一段。\r\n\n  第二段。\u00a0\n')).toEqual(['第一段。', '第二段。']);
  });

  it('puts signing units side by side while they fit on a line', () => {
    expect(signingLines(['中共龙泉市委组织部', '龙泉市民政局'])).toEqual([
      '中共龙泉市委组织部\u3000\u3000\u3000龙泉市民政局',
    ]);
    expect(signingLines(['中共杭州市委组织部', '杭州市人力资源和社会保障局', '杭州市民政局'])).toEqual([
      '中共杭州市委组织部\u3000\u3000\u3000杭州市人力资源和社会保障局',
      '杭州市民政局',
    ]);
  });

  it('writes an opinion like a reply', async () => {
    const paras = await docxParagraphs(
      await letterDocx({
        kind: 'opinion',
        title: '杭州市财政局关于市十三届人大五次会议建9号建议的会办意见',
        salutation: '杭州市民政局：',
        body: '同意答复意见。',
        signingUnits: ['杭州市财政局'],
        date: '2020-05-20',
      }),
    );
    expect(paras).toEqual([
      '杭州市财政局关于市十三届人大五次会议建9号建议的会办意见',
      '杭州市民政局：',
      '同意答复意见。',
      '杭州市财政局',
      '2020年5月20日',
    ]);
  });

  it('refuses a letter without title or signing unit', async () => {
    await expect(letterDocx({ ...seed004, title: ' ' })).rejects.toThrow('title');
    await expect(letterDocx({ ...seed004, signingUnits: [] })).rejects.toThrow('signing unit');
  });
});
