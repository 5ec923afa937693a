import { chineseDate, numberLabel, replyTitle, salutationFor, sessionLabel } from './title';

describe('sessionLabel', () => {
  it('words an NPC session: 市十三届人大五次会议', () => {
    expect(sessionLabel({ channel: 'npc', place: '市', term: 13, session: 5 })).toBe('市十三届人大五次会议');
    expect(sessionLabel({ channel: 'npc', place: '省', term: 14, session: 1 })).toBe('省十四届人大一次会议');
  });

  it('words a CPPCC session: 市政协十届二次会议', () => {
    expect(sessionLabel({ channel: 'cppcc', place: '市', term: 10, session: 2 })).toBe('市政协十届二次会议');
    expect(sessionLabel({ channel: 'cppcc', place: '市', term: 8, session: 6 })).toBe('市政协八届六次会议');
  });

  it('leaves the place out when it is empty', () => {
    expect(sessionLabel({ channel: 'cppcc', place: '', term: 12, session: 4 })).toBe('政协十二届四次会议');
  });

  it('refuses a term or session outside 1–99', () => {
    expect(() => sessionLabel({ channel: 'npc', place: '市', term: 0, session: 1 })).toThrow();
  });
});

describe('numberLabel', () => {
  it.each([
    ['006', '第006号'],
    ['77', '第77号'],
    ['39', '第39号'],
    ['建9', '建9号'],
    ['建9号', '建9号'],
    ['第39', '第39号'],
    [' 12 ', '第12号'],
  ])('%s → %s', (n, label) => {
    expect(numberLabel(n)).toBe(label);
  });

  it('refuses an empty number', () => {
    expect(() => numberLabel(' ')).toThrow();
  });
});

describe('replyTitle', () => {
  it('reproduces seed 003: 杭州市民政局关于市十三届人大五次会议建9号建议的答复', () => {
    const label = sessionLabel({ channel: 'npc', place: '市', term: 13, session: 5 });
    expect(
      replyTitle({
        unitNames: ['杭州市民政局'],
        channel: 'npc',
        sessionLabel: label,
        number: '建9',
        kind: 'reply',
      }),
    ).toBe('杭州市民政局关于市十三届人大五次会议建9号建议的答复');
  });

  it('reproduces seed 004, a joint reply of two units', () => {
    const label = sessionLabel({ channel: 'cppcc', place: '市', term: 10, session: 2 });
    expect(
      replyTitle({
        unitNames: ['中共龙泉市委组织部', '龙泉市民政局'],
        channel: 'cppcc',
        sessionLabel: label,
        number: '39',
        kind: 'reply',
      }),
    ).toBe('中共龙泉市委组织部 龙泉市民政局关于市政协十届二次会议第39号提案的答复');
  });

  it('ends a co-handler’s letter with 的会办意见', () => {
    expect(
      replyTitle({
        unitNames: ['杭州市财政局'],
        channel: 'npc',
        sessionLabel: '市十三届人大五次会议',
        number: '建9',
        kind: 'opinion',
      }),
    ).toBe('杭州市财政局关于市十三届人大五次会议建9号建议的会办意见');
  });
});

describe('salutationFor', () => {
  it('addresses a deputy and a member by name and office', () => {
    expect(salutationFor({ kind: 'deputy', name: '王征' })).toBe('王征代表');
    expect(salutationFor({ kind: 'member', name: '张三' })).toBe('张三委员');
  });

  it('addresses a party, group, committee or delegation by its name', () => {
    expect(salutationFor({ kind: 'group', name: '九三学社辽源市委员会' })).toBe('九三学社辽源市委员会');
    expect(salutationFor({ kind: 'group', name: '民盟、农工党与无党派人士界别组' })).toBe(
      '民盟、农工党与无党派人士界别组',
    );
    expect(salutationFor({ kind: 'organisation', name: '市妇联' })).toBe('市妇联');
    expect(salutationFor({ kind: 'committee', name: '市政协社会和法制委员会' })).toBe(
      '市政协社会和法制委员会',
    );
    expect(salutationFor({ kind: 'delegation', name: '上城区代表团' })).toBe('上城区代表团');
  });
});

describe('chineseDate', () => {
  it('writes the date with Arabic numerals and no leading zeros', () => {
    expect(chineseDate('2020-06-12')).toBe('2020年6月12日');
    expect(chineseDate('2023-10-27')).toBe('2023年10月27日');
    expect(chineseDate('2021-04-09T00:00:00Z')).toBe('2021年4月9日');
  });

  it('refuses what is not a date', () => {
    expect(() => chineseDate('2020/06/12')).toThrow();
    expect(() => chineseDate('2021-02-30')).toThrow();
  });
});
