/**
 * README's table of shipped policies is generated from the code (scripts/policy-table.ts); this
 * fails when someone changes a policy without regenerating it, or edits the table by hand.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_VALUE_NOTE, findPolicy, shippedPolicies, type JurisdictionPolicy } from '@banli/domain';
import {
  README_PATH,
  TABLE_END,
  TABLE_START,
  policyTable,
  tableInReadme,
  withTable,
} from '../../scripts/policy-table';

describe('README policy table', () => {
  it('matches the shipped policies', () => {
    const inReadme = tableInReadme(readFileSync(README_PATH, 'utf8'));
    if (inReadme !== policyTable()) {
      throw new Error(
        "README.md's policy table differs from the shipped policies: run `npm run docs:policies`",
      );
    }
  });

  it('has one row per shipped policy and version', () => {
    const table = policyTable();
    for (const p of shippedPolicies()) expect(table).toContain(`| \`${p.id}\` | ${p.version} | ${p.name} |`);
  });

  it('words each rule as text.ts does and marks defaults', () => {
    const sichuan = findPolicy('sichuan')!;
    const row = policyTable([sichuan]).split('\n')[2];
    expect(row).toContain('人大：收到交办件之日起3个月<br>政协：收到交办件之日起5个月');
    expect(row).toContain('闭会期间：收到交办件之日起3个月');
    expect(row).toContain('涉及面广、处理难度大：收到交办件之日起6个月');
    // the co-handler clock is a default; Sichuan's own source sets none
    expect(row).toContain('交办之日起1个月†');
    expect(policyTable([sichuan])).toContain(`† ${DEFAULT_VALUE_NOTE}`);
  });

  it('lists each source once with its articles in order', () => {
    const row = policyTable([findPolicy('fujian')!]).split('\n')[2];
    expect(row.match(/16802405_2\.html/g)).toHaveLength(1);
    expect(row).toContain('第十九条、第二十条');
  });

  it('escapes pipes and shows a missing clock as a dash', () => {
    const p: JurisdictionPolicy = findPolicy('cn-national')!;
    p.name = 'a | b';
    delete p.clocks.coOpinion;
    const row = policyTable([p]).split('\n')[2];
    expect(row).toContain('a \\| b');
    expect(row.split(' | ')[5]).toBe('—');
  });

  it('replaces only the text between the markers', () => {
    const readme = `intro\n${TABLE_START}\nold\n${TABLE_END}\noutro\n`;
    expect(withTable(readme, 'new')).toBe(`intro\n${TABLE_START}\n\nnew\n\n${TABLE_END}\noutro\n`);
    expect(() => withTable('no markers', 'new')).toThrow(TABLE_START);
  });
});
