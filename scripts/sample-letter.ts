/**
 * Writes a sample reply letter: seed 004 (a joint reply of two units) from its fixture in
 * test/fixtures/seeds, rendered by letterDocx to docs/samples/seed-004-letter.docx.
 *
 *   node -r ./scripts/register.js scripts/sample-letter.ts [seed number, default 004]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { letterDocx, replyTitle, sessionLabel } from '@banli/documents';
import { loadSeed } from '../test/fixtures/seeds/seeds';

async function main(): Promise<void> {
  const n = process.argv[2] ?? '004';
  const root = join(__dirname, '..');
  const f = loadSeed(n);
  const r = f.reply;
  const title =
    r.title ??
    replyTitle({
      unitNames: r.signingUnits,
      channel: f.channel,
      sessionLabel: sessionLabel(f),
      number: f.number,
      kind: 'reply',
    });
  const buf = await letterDocx({
    kind: 'reply',
    classMark: r.class ?? undefined,
    docNumber: r.docNumber ?? undefined,
    title,
    salutation: r.salutation,
    body: r.body,
    signingUnits: r.signingUnits,
    date: r.date,
    contact:
      r.contactPerson || r.contactPhone
        ? { person: r.contactPerson ?? undefined, phone: r.contactPhone ?? undefined }
        : undefined,
  });
  const out = join(root, 'docs/samples', `seed-${n}-letter.docx`);
  mkdirSync(join(root, 'docs/samples'), { recursive: true });
  writeFileSync(out, buf);
  console.log(`${out} (${buf.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
