import { excerpt, MASK, redactContacts } from './redact';

const masked = (n: number) => MASK.repeat(n);

describe('redactContacts: phone numbers in a published letter', () => {
  it.each([
    ['联系电话：85159162。', `联系电话：${masked(8)}。`],
    ['联系人：张明，电话：0571-85159162', `联系人：张明，电话：${masked(4)}-${masked(8)}`],
    ['传真 7761832', `传真 ${masked(7)}`],
    ['Tel: 85159162', `Tel: ${masked(8)}`],
    ['手机13812345678', `手机${masked(11)}`],
    ['如有疑问请致电 138 1234 5678 。', `如有疑问请致电 ${masked(3)} ${masked(4)} ${masked(4)} 。`],
    ['+86-138-1234-5678', `+${masked(2)}-${masked(3)}-${masked(4)}-${masked(4)}`],
    ['(010) 12345678', `(${masked(3)}) ${masked(8)}`],
    ['办公室 021 6123 4567 转 8', `办公室 ${masked(3)} ${masked(4)} ${masked(4)} 转 ${masked(1)}`],
    ['热线：0571-85159162、85159163', `热线：${masked(4)}-${masked(8)}、${masked(8)}`],
    ['号码 7761832 已停用', `号码 ${masked(7)} 已停用`],
  ])('masks %s', (text, expected) => {
    expect(redactContacts(text)).toBe(expected);
  });

  it.each([
    '您提出的《关于加强农村饮水安全的建议》（第006号）已收悉。',
    '浙水函〔2025〕12号',
    '2025年共投入资金1200万元，惠及36个乡镇、152000人。',
    '建议编号 20250',
    '增长3.1415926个百分点',
    '答复编号 123456789012',
  ])('leaves other numbers as they are: %s', (text) => {
    expect(redactContacts(text)).toBe(text);
  });

  it('keeps only the domain of an e-mail address', () => {
    expect(redactContacts('邮箱：zhang.ming@example.gov.cn。')).toBe(`邮箱：${masked(3)}@example.gov.cn。`);
  });

  it('leaves no run of 7 digits in a letter full of contact details', () => {
    const letter = [
      '张明代表：',
      '您提出的建议收悉，现答复如下。',
      '联系人：李华，联系电话：85159162，手机：13900001111；传真：0571-87654321。',
      '电话 7761832 或 15012345678。',
    ].join('\n');
    const out = redactContacts(letter);
    expect(out).not.toMatch(/\d{7}/);
    expect(out.replace(/[＊\s-]/g, '')).not.toMatch(/\d{7}/);
    expect(out).toContain('联系人：李华');
  });
});

describe('excerpt', () => {
  it('is the redacted text on one line, cut at n characters', () => {
    expect(excerpt('第一段\n\n联系电话：85159162', 100)).toBe(`第一段 联系电话：${masked(8)}`);
    expect(excerpt('一二三四五六', 3)).toBe('一二三…');
  });
});
