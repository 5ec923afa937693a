/**
 * Each idea exists once: every clock, stage, role, mail kind and refusal code has one label, in
 * libs/domain/src/vocabulary/labels.ts, and no other file of the product keeps its own table of them.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTOR_ROLES,
  CASE_STAGES,
  CLOCK_IDS,
  LABELS,
  MAIL_KINDS,
  outboxKindLabel,
  REFUSAL_CODES,
  UNIT_DISPLAY_STAGES,
  UNIT_ROLES,
  USER_ROLES,
  WORKFLOW_REFUSAL_CODES,
} from '@banli/domain';

const ROOT = join(__dirname, '..', '..');
const CJK = /[\u4e00-\u9fff]/;

describe('the one label table', () => {
  const tables: [string, Record<string, { zh: string; en: string }>, readonly string[]][] = [
    ['clock', LABELS.clock, CLOCK_IDS],
    ['caseStage', LABELS.caseStage, CASE_STAGES],
    ['unitStage', LABELS.unitStage, UNIT_DISPLAY_STAGES],
    ['unitRole', LABELS.unitRole, UNIT_ROLES],
    ['role', LABELS.role, [...USER_ROLES, ...ACTOR_ROLES]],
    ['mailKind', LABELS.mailKind, MAIL_KINDS],
    ['refusal', LABELS.refusal, [...REFUSAL_CODES, ...WORKFLOW_REFUSAL_CODES]],
  ];

  it.each(tables)('%s: every value has a Chinese and an English label', (_name, table, values) => {
    expect(Object.keys(table).sort()).toEqual([...new Set(values)].sort());
    for (const v of values) {
      expect(table[v].zh).toMatch(CJK);
      expect(table[v].en).not.toMatch(CJK);
      expect(table[v].en.trim()).not.toBe('');
    }
  });

  it('gives each clock one Chinese name', () => {
    const names = CLOCK_IDS.map((c) => LABELS.clock[c].zh);
    expect(new Set(names).size).toBe(names.length);
    expect(LABELS.clock.adjustmentWindow.zh).toBe('申请调整期');
  });

  it.each([
    ['replied.r1', '答复通知（第1轮）'],
    ['feedbackRequested.r2', '征询意见（第2轮）'],
    ['keyCase', '重点督办'],
    ['deadlineReminder.3d.mainReply', '到期提醒（答复，提前3日）'],
    ['signForReminder.1d.signFor', '签收提醒（签收，提前1日）'],
    ['overdue.adjustmentDecision', '逾期督办（调整申请决定）'],
    ['draftSubmitted.r1', '答复待签发（第1轮）'],
    ['rehandling.r2', '重新办理（第2轮）'],
    ['dailyDigest', '督办日报'],
    ['extensionNotice.20260731.mainReply', '延期告知（答复，延至2026-07-31）'],
    ['trackingUpdate.n2', '跟踪落实情况（第2次报告）'],
  ])('labels the outbox kind %s as %s', (kind, label) => {
    expect(outboxKindLabel(kind)).toBe(label);
  });

  it('labels every mail kind: no raw key reaches a page', () => {
    for (const k of MAIL_KINDS) expect(outboxKindLabel(k)).not.toBe(k);
  });
});

describe('no second copy of a label table', () => {
  // An entry such as `signFor: '签收'` or `REPLY_REVIEW: { zh: '…' }` outside the vocabulary is a copy.
  const keys = [
    ...CLOCK_IDS,
    ...CASE_STAGES,
    ...UNIT_DISPLAY_STAGES,
    ...MAIL_KINDS,
    ...UNIT_ROLES,
    ...USER_ROLES,
    ...ACTOR_ROLES,
    ...REFUSAL_CODES,
  ];
  // a label is a short quoted string (a mail's template sentences are not labels)
  const entry = new RegExp(
    `\\b(${[...new Set(keys)].join('|')})\\s*:\\s*(\\{\\s*zh:\\s*)?['"][^'"\\n]{0,24}[\\u4e00-\\u9fff][^'"\\n]{0,24}['"]`,
  );
  const files = execSync(
    "git ls-files -co --exclude-standard 'apps/*' 'libs/*' 'activities/*' 'workflows/*'",
    {
      cwd: ROOT,
    },
  )
    .toString()
    .split('\n')
    .filter((f) => /\.(ts|js|vue)$/.test(f) && !f.endsWith('.spec.ts'))
    .filter((f) => f !== 'libs/domain/src/vocabulary/labels.ts');

  it('finds the files to check', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain('apps/web/src/App.vue');
  });

  it('finds no label table outside libs/domain/src/vocabulary/labels.ts', () => {
    const copies: string[] = [];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, f), 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      text.split('\n').forEach((line, i) => {
        if (entry.test(line)) copies.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(copies).toEqual([]);
  });
});
