/**
 * The five published replies of ../shared/seeds, entered as fixtures (test/fixtures/seeds), come
 * back out of letterDocx with their title, salutation, signing units, date, 文号 and contact.
 */
import { loadSeeds, type SeedFixture } from '../../../test/fixtures/seeds/seeds';
import { letterDocx } from './letter-docx';
import { docxParagraphs } from './read-docx';
import { chineseDate, replyTitle, sessionLabel } from './title';
import type { LetterModel } from './types';

const fixtures: [string, SeedFixture][] = loadSeeds().map(({ n, seed }) => [n, seed]);

/** The title the fixture's facts give when the reply record has none. */
function defaultTitle(f: SeedFixture): string {
  return replyTitle({
    unitNames: f.reply.signingUnits,
    channel: f.channel,
    sessionLabel: sessionLabel(f),
    number: f.number,
    kind: 'reply',
  });
}

function letterModel(f: SeedFixture): LetterModel {
  const contact =
    f.reply.contactPerson || f.reply.contactPhone
      ? { person: f.reply.contactPerson ?? undefined, phone: f.reply.contactPhone ?? undefined }
      : undefined;
  return {
    kind: 'reply',
    classMark: f.reply.class ?? undefined,
    docNumber: f.reply.docNumber ?? undefined,
    title: f.reply.title ?? defaultTitle(f),
    salutation: f.reply.salutation,
    body: f.reply.body,
    signingUnits: f.reply.signingUnits,
    date: f.reply.date,
    contact,
  };
}

describe('seed fixtures', () => {
  it('has one fixture for each of the five seeds', () => {
    expect(fixtures.map(([n]) => n)).toEqual(['000', '001', '002', '003', '004']);
    for (const [n, f] of fixtures)
      expect(f.seed).toMatch(new RegExp(`^\\.\\./shared/seeds/${n}_[0-9a-f]+\\.txt$`));
  });

  it('reproduces the printed titles of seeds 003 and 004 from their facts', () => {
    const byN = new Map(fixtures);
    for (const n of ['003', '004']) {
      const f = byN.get(n)!;
      expect(defaultTitle(f)).toBe(f.reply.title);
    }
  });

  it('marks the invented values of seed 002, which prints no session, number or title', () => {
    const f = new Map(fixtures).get('002')!;
    expect(f.reply.title).toBeNull();
    expect(f.fixtureValues).toEqual(expect.arrayContaining(['term', 'session', 'number']));
  });
});

describe.each(fixtures)('seed %s as a letter', (_n, f) => {
  let paras: string[];
  let model: LetterModel;
  beforeAll(async () => {
    model = letterModel(f);
    paras = await docxParagraphs(await letterDocx(model));
  });

  it('prints the title, as the seed does where it has one', () => {
    expect(paras).toContain(model.title);
    if (f.reply.title) expect(model.title).toBe(f.reply.title);
  });

  it('addresses the proposer with a full-width colon', () => {
    expect(paras).toContain(`${f.reply.salutation}：`);
  });

  it('prints every paragraph of the body', () => {
    const text = paras.join('\n');
    for (const line of f.reply.body.split('\n')) expect(text).toContain(line);
  });

  it('signs with each unit above the date', () => {
    const date = paras.lastIndexOf(chineseDate(f.reply.date));
    expect(date).toBeGreaterThan(0);
    for (const unit of f.reply.signingUnits) expect(paras[date - 1]).toContain(unit);
    expect(f.reply.signingUnits.length > 1).toBe(f.jointReply);
  });

  it('prints 文号 and contact where the seed has them', () => {
    const text = paras.join('\n');
    if (f.reply.docNumber) expect(paras).toContain(f.reply.docNumber);
    if (f.reply.contactPerson) expect(text).toContain(`联系人：${f.reply.contactPerson}`);
    if (f.reply.contactPhone) expect(text).toContain(`联系电话：${f.reply.contactPhone}`);
    if (!f.reply.contactPerson && !f.reply.contactPhone) expect(text).not.toContain('联系人');
  });
});
