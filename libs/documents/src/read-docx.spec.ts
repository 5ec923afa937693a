import JSZip from 'jszip';
import { decodeXmlEntities, docxParagraphs, docxText, paragraphsOf } from './read-docx';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('decodeXmlEntities', () => {
  it('decodes named and numeric references', () => {
    expect(decodeXmlEntities('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587; &nbsp;')).toBe(
      'a & b <c> "d" \'e\' 中文 &nbsp;',
    );
  });
});

describe('paragraphsOf', () => {
  it('joins the runs of each paragraph, in order', () => {
    const xml =
      `<w:document ${W}><w:body>` +
      '<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr>' +
      '<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t>王征</w:t></w:r>' +
      '<w:r><w:t xml:space="preserve">代表：</w:t></w:r></w:p>' +
      '<w:p/>' +
      '<w:p><w:r><w:t>A&amp;B</w:t><w:tab/><w:t>C</w:t><w:br/><w:t>D</w:t></w:r></w:p>' +
      '<w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>' +
      '</w:body></w:document>';
    expect(paragraphsOf(xml)).toEqual(['王征代表：', '', 'A&B\tC\nD', '']);
  });
});

describe('docxParagraphs', () => {
  it('reads word/document.xml out of the package', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      `<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:r><w:t>一</w:t></w:r></w:p>` +
        '<w:p><w:r><w:t>二</w:t></w:r></w:p></w:body></w:document>',
    );
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    expect(await docxParagraphs(buf)).toEqual(['一', '二']);
    expect(await docxText(buf)).toBe('一\n二');
  });

  it('refuses a package without word/document.xml', async () => {
    const buf = await new JSZip().generateAsync({ type: 'nodebuffer' });
    await expect(docxParagraphs(buf)).rejects.toThrow('word/document.xml');
  });
});
