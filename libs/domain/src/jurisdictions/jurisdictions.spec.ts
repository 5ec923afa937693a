import { computeCaseDeadlines } from '../deadlines/compute';
import { createShippedCalendar } from '../calendar/shipped';
import { findPolicy, shippedPolicies } from '../policies/shipped';
import type { JurisdictionPolicy } from '../policies/types';
import { JURISDICTION_LEVEL_LABELS } from '../vocabulary/labels';
import { formatNumberPattern, numberPatternMatcher, numberPatternProblems } from './patterns';
import {
  findShippedJurisdiction,
  shippedJurisdictions,
  SHIPPED_JURISDICTION_LEVELS,
  SHIPPED_LEVEL_DEFAULT,
} from './shipped';
import { JURISDICTION_LEVELS, type Jurisdiction } from './types';
import { calendarOverridesOf, validateJurisdiction } from './validate';

const guangzhou = (): JurisdictionPolicy => findPolicy('guangzhou')!;

/** A sound jurisdiction over Guangzhou's policy, with `patch` laid over it. */
function liaoyuan(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const j: Jurisdiction = {
    id: 'liaoyuan-cppcc',
    name: '辽源市政协',
    nameEn: 'Liaoyuan CPPCC',
    level: 'city',
    channels: ['cppcc'],
    policyId: 'guangzhou',
    policyVersion: 1,
    calendarOverrides: [{ date: '2026-06-01', kind: 'holiday', note: '本市纪念日' }],
    docNumberPattern: '{unit}函〔{year}〕{seq}号',
    indexNumberPattern: '{org}-{year}-{seq:5}',
    escalationContacts: [{ target: 'supervisor', name: '市政协提案委', email: 'taw@example.cn' }],
    shipped: false,
  };
  return { ...j, ...patch };
}

const paths = (j: unknown, p?: JurisdictionPolicy) => validateJurisdiction(j, p).map((e) => e.path);

describe('shipped jurisdictions', () => {
  it('are one per shipped policy: its id, name, channels and latest version', () => {
    const policies = shippedPolicies();
    const ids = [...new Set(policies.map((p) => p.id))];
    const list = shippedJurisdictions();
    expect(list.map((j) => j.id).sort()).toEqual(ids.sort());
    for (const j of list) {
      const latest = Math.max(...policies.filter((p) => p.id === j.id).map((p) => p.version));
      const p = findPolicy(j.id)!;
      expect(j).toMatchObject({
        name: p.name,
        channels: p.channels,
        policyId: p.id,
        policyVersion: latest,
        calendarOverrides: [],
        escalationContacts: [],
        shipped: true,
      });
      expect(validateJurisdiction(j, findPolicy(j.id, latest))).toEqual([]);
    }
  });

  it('give every shipped policy an explicit level (add a new one to SHIPPED_JURISDICTION_LEVELS)', () => {
    const missing = shippedPolicies()
      .map((p) => p.id)
      .filter((id) => !Object.prototype.hasOwnProperty.call(SHIPPED_JURISDICTION_LEVELS, id));
    expect(missing).toEqual([]);
  });

  it.each([
    ['cn-national', 'national'],
    ['sichuan', 'province'],
    ['guangzhou', 'city'],
    ['fengyang', 'county'],
  ] as const)('%s is %s', (id, level) => {
    expect(findShippedJurisdiction(id)?.level).toBe(level);
  });

  it('default an unlisted shipped policy to a city, and know no jurisdiction that is not shipped', () => {
    expect(SHIPPED_LEVEL_DEFAULT).toBe('city');
    expect(findShippedJurisdiction('liaoyuan-cppcc')).toBeUndefined();
  });

  it('cover NPC only under cn-national: a CPPCC proposal needs a jurisdiction such as guangzhou', () => {
    expect(findShippedJurisdiction('cn-national')?.channels).toEqual(['npc']);
    expect(findShippedJurisdiction('guangzhou')?.channels).toEqual(['npc', 'cppcc']);
  });

  it('label every level in Chinese and English', () => {
    expect(Object.keys(JURISDICTION_LEVEL_LABELS).sort()).toEqual([...JURISDICTION_LEVELS].sort());
    expect(JURISDICTION_LEVEL_LABELS.county.zh).toBe('县级');
  });
});

describe('validateJurisdiction', () => {
  it('accepts a sound jurisdiction, with its policy version or without', () => {
    expect(validateJurisdiction(liaoyuan(), guangzhou())).toEqual([]);
    expect(validateJurisdiction(liaoyuan())).toEqual([]);
    expect(validateJurisdiction(liaoyuan({ nameEn: undefined, docNumberPattern: undefined }))).toEqual([]);
  });

  it.each([
    ['id', { id: 'Liaoyuan' }],
    ['id', { id: 'a' }],
    ['id', { id: '-liaoyuan' }],
    ['id', { id: `x${'a'.repeat(64)}` }],
    ['name', { name: '  ' }],
    ['nameEn', { nameEn: '' }],
    ['level', { level: 'township' }],
    ['channels', { channels: [] }],
    ['channels[0]', { channels: ['gov'] }],
    ['channels[1]', { channels: ['cppcc', 'cppcc'] }],
    ['policyId', { policyId: '' }],
    ['policyVersion', { policyVersion: 0 }],
    ['policyVersion', { policyVersion: 1.5 }],
    ['calendarOverrides', { calendarOverrides: null }],
    ['calendarOverrides[0].date', { calendarOverrides: [{ date: '2026-02-30', kind: 'holiday' }] }],
    ['calendarOverrides[0].kind', { calendarOverrides: [{ date: '2026-02-03', kind: 'off' }] }],
    [
      'calendarOverrides[1].date',
      {
        calendarOverrides: [
          { date: '2026-02-03', kind: 'holiday' },
          { date: '2026-02-03', kind: 'workday' },
        ],
      },
    ],
    ['calendarOverrides[0].note', { calendarOverrides: [{ date: '2026-02-03', kind: 'holiday', note: '' }] }],
    ['docNumberPattern', { docNumberPattern: '{unit}函〔{year}〕号' }],
    ['docNumberPattern', { docNumberPattern: '{unit}函〔{yr}〕{seq}号' }],
    ['indexNumberPattern', { indexNumberPattern: '{org}-{year:4}-{seq}' }],
    ['indexNumberPattern', { indexNumberPattern: '{org}-{year}-{seq' }],
    ['escalationContacts', { escalationContacts: {} }],
    ['escalationContacts[0].target', { escalationContacts: [{ target: 'mayor', name: '市长' }] }],
    ['escalationContacts[0].name', { escalationContacts: [{ target: 'office', name: '' }] }],
    [
      'escalationContacts[0].email',
      { escalationContacts: [{ target: 'office', name: '办公室', email: 'x' }] },
    ],
    ['shipped', { shipped: 'no' }],
  ])('names %s for %j', (path, patch) => {
    const problems = validateJurisdiction(liaoyuan(patch));
    expect(problems.map((p) => p.path)).toContain(path);
    // every message is Chinese, for the person who fixes it
    for (const p of problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a channel its policy version does not cover, naming the channel', () => {
    const national = findPolicy('cn-national')!;
    const problems = validateJurisdiction(
      liaoyuan({ policyId: 'cn-national', channels: ['npc', 'cppcc'] }),
      national,
    );
    expect(problems).toEqual([
      { path: 'channels[1]', message: expect.stringContaining('政协提案') as string },
    ]);
  });

  it('refuses a policy id or version other than the policy given', () => {
    expect(paths(liaoyuan({ policyId: 'sichuan' }), guangzhou())).toEqual(['policyId']);
    expect(paths(liaoyuan({ policyVersion: 2 }), guangzhou())).toEqual(['policyVersion']);
  });

  it('answers a non-object with one problem', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths([])).toEqual(['']);
  });
});

describe('numbering patterns', () => {
  it('formats 文号 and 索引号, padding {seq:N}', () => {
    expect(formatNumberPattern('{unit}函〔{year}〕{seq}号', { unit: '辽教', year: 2026, seq: 12 })).toBe(
      '辽教函〔2026〕12号',
    );
    expect(formatNumberPattern('{org}-{year}-{seq:5}', { org: '11220400', year: 2026, seq: 42 })).toBe(
      '11220400-2026-00042',
    );
  });

  it('leaves a placeholder without a value visible', () => {
    expect(formatNumberPattern('{unit}函〔{year}〕{seq}号', { year: 2026, seq: 1 })).toBe(
      '{unit}函〔2026〕1号',
    );
  });

  it('needs a sequence number', () => {
    expect(numberPatternProblems('{unit}函〔{year}〕{seq}号')).toEqual([]);
    expect(numberPatternProblems('{unit}函〔{year}〕号')).toEqual([expect.stringContaining('{seq}')]);
  });
});

describe('calendar overrides of a jurisdiction', () => {
  it('become calendar overrides that move a deadline off a local holiday', () => {
    const policy = guangzhou();
    const events = { assigned: '2026-03-31T10:00:00+08:00' };
    const national = createShippedCalendar();
    const [before] = computeCaseDeadlines(policy, events, national, {
      channel: 'cppcc',
      clocks: ['mainReply'],
    });
    // 3 months from 31 March: 30 June 2026, a Tuesday
    expect(before.dueDate).toBe('2026-06-30');
    const j = { name: '测试市政协', calendarOverrides: [{ date: '2026-06-30', kind: 'holiday' as const }] };
    expect(calendarOverridesOf(j)).toEqual([
      { date: '2026-06-30', working: false, reason: '测试市政协调整为休息日' },
    ]);
    const local = national.withOverrides(calendarOverridesOf(j));
    const [after] = computeCaseDeadlines(policy, events, local, { channel: 'cppcc', clocks: ['mainReply'] });
    expect(after.dueDate).toBe('2026-07-01');
    expect(after.rolled).toMatchObject({ from: '2026-06-30', to: '2026-07-01' });
  });

  it('keep the note as the reason, and a local workday counts as one', () => {
    const o = calendarOverridesOf({
      name: '测试市',
      calendarOverrides: [{ date: '2026-06-27', kind: 'workday', note: '本市调休上班' }],
    });
    expect(o).toEqual([{ date: '2026-06-27', working: true, reason: '本市调休上班' }]);
    expect(createShippedCalendar().withOverrides(o).isWorkingDay('2026-06-27').working).toBe(true);
  });
});

describe('offsetBefore from a deadline as it stands', () => {
  it('counts back from a given due instant instead of computing the reference', () => {
    const policy = findPolicy('fengyang')!;
    const cal = createShippedCalendar();
    // a co-handler added on 15 May: its opinion is due 20 days before the lead's main reply as it
    // stands (30 June 24:00 Beijing time), not before a main reply counted from 15 May
    const [co] = computeCaseDeadlines(policy, { assigned: '2026-05-15T10:00:00+08:00' }, cal, {
      channel: 'npc',
      clocks: ['coOpinion'],
      refs: { mainReply: '2026-06-30T16:00:00.000Z' },
    });
    expect(co.reference).toEqual({ clock: 'mainReply', dueDate: '2026-06-30' });
    expect(co.dueDate).toBe('2026-06-10');
    const [own] = computeCaseDeadlines(policy, { assigned: '2026-05-15T10:00:00+08:00' }, cal, {
      channel: 'npc',
      clocks: ['coOpinion'],
    });
    expect(own.reference?.dueDate).toBe('2026-08-17');
  });
});

describe('numberPatternMatcher: the {seq} of numbers already given in a series', () => {
  it('reads the sequence of numbers of the same series and year only', () => {
    const re = numberPatternMatcher('杭民函〔{year}〕{seq}号', { year: 2026 });
    expect(re.exec('杭民函〔2026〕65号')?.[1]).toBe('65');
    expect(re.exec('杭民函〔2025〕70号')).toBeNull();
    expect(re.exec('杭民提函〔2026〕9号')).toBeNull();
    expect(re.exec('杭民函〔2026〕65号之一')).toBeNull();
  });

  it('reads a padded sequence and leaves placeholders without a value open', () => {
    const re = numberPatternMatcher('{org}-{year}-{seq:5}', { year: 2026 });
    expect(Number(re.exec('002489524-2026-00012')?.[1])).toBe(12);
    expect(
      numberPatternMatcher('(x){unit}〔{year}〕{seq}', { unit: '浙海渔提', year: 2026 }).exec(
        '(x)浙海渔提〔2026〕3',
      )?.[1],
    ).toBe('3');
  });
});
