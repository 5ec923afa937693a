import { proposalWorkflowId, SEARCH_ATTRIBUTES, searchAttributeFlags } from './names';

describe('temporal names', () => {
  it('builds the business-key workflow id from the proposal number', () => {
    expect(
      proposalWorkflowId({ jurisdiction: 'hangzhou', channel: 'npc', term: 13, session: 5, number: '建9' }),
    ).toBe('proposal:hangzhou:npc:13-5:建9');
  });

  it('stays within the MySQL 8 visibility budget per namespace', () => {
    const count = (t: string) => Object.values(SEARCH_ATTRIBUTES).filter((x) => x === t).length;
    expect(count('Keyword')).toBeLessThanOrEqual(10);
    for (const t of ['Datetime', 'Bool', 'Int', 'Double', 'Text', 'KeywordList'])
      expect(count(t)).toBeLessThanOrEqual(3);
    expect(searchAttributeFlags()).toContain('BanliOverdue=Bool');
  });
});
