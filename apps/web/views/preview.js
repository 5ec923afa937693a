import { get, post } from '../api.js';
import { busy, clear, field, formValues, h, label, select, showProblem } from '../dom.js';
import { CHANNELS, START_EVENTS, clockLabel, dateZh, shanghaiInstant, todayShanghai } from '../format.js';

const EVENTS = ['assigned', 'received', 'sessionClosed', 'replied', 'feedbackReceived'];

const zhDates = (s) =>
  String(s ?? '').replace(
    /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    (_m, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`,
  );

function resultTable(res) {
  if (!res.deadlines.length) return h('p', { class: 'muted' }, '给出的起算事件不启动任何时限。');
  return h(
    'table',
    { class: 'deadlines preview' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, '时限'),
        h('th', {}, '规则'),
        h('th', {}, '起算'),
        h('th', {}, '截止日期'),
        h('th', {}, '说明'),
      ),
    ),
    h(
      'tbody',
      {},
      res.deadlines.map((d) =>
        h(
          'tr',
          { dataset: { clock: d.clock } },
          h(
            'td',
            {},
            clockLabel(d.clock),
            d.channel ? h('span', { class: 'sub' }, CHANNELS[d.channel] ?? d.channel) : null,
          ),
          h('td', {}, d.ruleText, h('span', { class: 'sub en' }, d.ruleTextEn ?? '')),
          h(
            'td',
            { class: 'nowrap' },
            START_EVENTS[d.startEvent] ?? d.startEvent,
            h('span', { class: 'sub' }, dateZh(d.startDate)),
          ),
          h('td', { class: 'nowrap due' }, dateZh(d.dueDate)),
          h(
            'td',
            {},
            zhDates(d.summary),
            d.crossed.length
              ? h(
                  'details',
                  { class: 'explain' },
                  h('summary', {}, `跨越节假日、调休 ${d.crossed.length} 天`),
                  h(
                    'ul',
                    { class: 'crossed' },
                    d.crossed.map((c) =>
                      h(
                        'li',
                        { class: c.working ? 'workday' : 'holiday' },
                        `${dateZh(c.date)} ${c.reason}`,
                        h('span', { class: 'tag' }, c.working ? '班' : '休'),
                      ),
                    ),
                  ),
                )
              : null,
            d.rolled ? h('p', { class: 'rolled' }, `顺延：${zhDates(d.rolled.reason)}`) : null,
            d.warnings.length ? h('p', { class: 'warn' }, d.warnings.join('；')) : null,
            d.note ? h('p', { class: 'sub' }, d.note) : null,
          ),
        ),
      ),
    ),
  );
}

/** 时限试算: a policy, a channel and event dates → every deadline with its explanation. */
export async function previewView(root, ctx) {
  const policies = await get('/policies');
  const problem = h('div', { class: 'slot' });
  const out = h('div', { class: 'preview-result' });
  const today = todayShanghai();
  const eventFields = EVENTS.map((ev) =>
    h(
      'div',
      { class: 'event-row' },
      field(
        START_EVENTS[ev],
        ev,
        h('input', { type: 'date', name: `${ev}.date`, value: ev === 'assigned' ? today : '' }),
      ),
      field('时间', 'time', h('input', { type: 'time', name: `${ev}.time`, value: '10:00' })),
    ),
  );
  const sources = h('div', { class: 'sources' });
  const policySelect = select(
    'policyId',
    Object.fromEntries(policies.map((p) => [p.id, `${p.name}（${p.id} 第${p.version}版）`])),
    policies.some((p) => p.id === 'cn-national') ? 'cn-national' : policies[0]?.id,
  );
  const showSources = () => {
    const p = policies.find((x) => x.id === policySelect.value);
    clear(sources);
    if (!p?.sources?.length) return;
    sources.append(
      h('p', { class: 'muted' }, '依据：'),
      h(
        'ul',
        { class: 'plain' },
        p.sources.map((s) =>
          h(
            'li',
            {},
            s.url ? h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title) : s.title,
            s.article ? ` ${s.article}` : '',
          ),
        ),
      ),
    );
  };
  policySelect.addEventListener('change', showSources);
  showSources();

  const form = h(
    'form',
    { class: 'card preview-form' },
    h(
      'div',
      { class: 'grid-4' },
      field('辖区政策', 'policy', policySelect),
      field('渠道', 'channel', select('channel', CHANNELS, 'npc')),
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'complex' }),
        label('内容复杂', 'complex'),
      ),
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'duringSession', checked: true }),
        label('会间提出', 'during session'),
      ),
    ),
    h('h2', {}, label('起算事件', 'events'), h('small', { class: 'hint' }, '北京时间；至少填写一项')),
    h('div', { class: 'events' }, eventFields),
    problem,
    h('button', { type: 'submit', class: 'primary' }, '试算'),
    sources,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const events = {};
    for (const e of EVENTS) if (v[`${e}.date`]) events[e] = shanghaiInstant(v[`${e}.date`], v[`${e}.time`]);
    await busy(form, async () => {
      try {
        const res = await post('/deadlines/preview', {
          policyId: v.policyId,
          channel: v.channel,
          complex: v.complex,
          duringSession: v.duringSession,
          events,
        });
        showProblem(problem, null);
        clear(out).append(
          h(
            'h2',
            {},
            label('试算结果', 'result'),
            h('small', { class: 'hint' }, `${res.policy.name} 第${res.policy.version}版`),
          ),
          resultTable(res),
        );
      } catch (e) {
        clear(out);
        showProblem(problem, e);
      }
    });
  });
  void ctx;
  root.append(
    h('h1', {}, label('时限试算', 'Deadline preview')),
    h('p', { class: 'muted' }, '按辖区政策和法定节假日安排计算各项时限，并说明每个日期的由来。'),
    form,
    out,
  );
}
