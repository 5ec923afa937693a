import { caseRefEn, caseRefZh, sessionRefEn, sessionRefZh } from './case-ref';

describe('case citations', () => {
  it('names the session as the citation does', () => {
    expect(sessionRefZh({ channel: 'npc', term: 14, session: 3 })).toBe('人大十四届三次会议');
    expect(sessionRefZh({ channel: 'cppcc', term: 15, session: 1 })).toBe('政协十五届一次会议');
    expect(sessionRefZh({ channel: 'cppcc', assembly: '市政协', term: 8, session: 6 })).toBe(
      '市政协八届六次会议',
    );
    expect(sessionRefEn({ channel: 'npc', term: 14, session: 3 })).toBe(
      "People's Congress, 14th term, 3rd session",
    );
    expect(sessionRefEn({ channel: 'cppcc', assembly: '市政协', term: 8, session: 6 })).toBe(
      '市政协 CPPCC Committee, 8th term, 6th session',
    );
  });

  it.each([
    [
      { channel: 'npc', term: 14, session: 3, number: '006' },
      '人大十四届三次会议第006号',
      "People's Congress, 14th term, 3rd session, suggestion No. 006",
    ],
    [
      {
        channel: 'cppcc',
        assembly: '市政协',
        assemblyEn: 'Municipal CPPCC Committee',
        term: 8,
        session: 6,
        number: '建9',
        duringSession: false,
      },
      '市政协八届六次会议会后建9号',
      'Municipal CPPCC Committee, 8th term, 6th session (after the session), proposal No. 建9',
    ],
  ] as const)('%j → %s', (c, zh, en) => {
    expect(caseRefZh(c)).toBe(zh);
    expect(caseRefEn(c)).toBe(en);
    expect(caseRefZh(c).startsWith(sessionRefZh(c))).toBe(true);
  });
});
