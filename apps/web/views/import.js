// 批量导入 (office): a session's proposal list from .xlsx or .csv — check first, then import.
// 检查 posts the file with dryRun=true and shows the report (errors by Excel row and column,
// duplicates, what would be registered); 导入 is only offered for a clean, current report and
// posts dryRun=false, which answers 202 with a job that the page then follows until it ends.
// The form is never re-rendered, so a refused request keeps the chosen file and fields.
import { get, upload } from '../api.js';
import { append, busy, clear, field, h, label, problemBox, select, showProblem } from '../dom.js';
import { CHANNELS, CHANNEL_SHORT, dateTimeZh, zhNumber } from '../format.js';

const POLL_MS = 1000;
/** Consecutive failed progress requests after which the page stops asking and offers a button. */
const POLL_GIVE_UP = 5;
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
const DURING = { true: '大会期间', false: '闭会期间' };

const JOB_STATUS = { running: '导入中', completed: '已完成', interrupted: '已中断' };
const JOB_ROW_STATUS = {
  pending: '待处理',
  registered: '已登记',
  unchanged: '未变（已登记）',
  failed: '失败',
};
const REPORT_ROW_STATUS = { new: '将登记', unchanged: '已登记，不变', invalid: '有错误' };
const SEVERITY = { warning: '提醒', info: '说明' };
const DUPLICATE_CODES = ['DUPLICATE_NUMBER_IN_FILE', 'NUMBER_TAKEN'];

/** 人大十四届三次会议（大会期间）· cn-national */
function sessionText(s, policyNames) {
  if (!s) return '—';
  const during = s.duringSession === false ? '闭会期间' : '大会期间';
  const where = policyNames.get(s.jurisdiction) ?? s.jurisdiction;
  return `${CHANNEL_SHORT[s.channel] ?? s.channel}${zhNumber(Number(s.term))}届${zhNumber(Number(s.session))}次会议（${during}）· ${where}`;
}

/**
 * The case list for what an import registered. The list (cases.js) filters by channel only; the
 * API also takes jurisdiction, term and session, which the list does not pass on yet.
 */
const casesHref = (s) =>
  `#/cases?${new URLSearchParams({
    jurisdiction: s.jurisdiction,
    channel: s.channel,
    term: String(s.term),
    session: String(s.session),
  })}`;

/** “第5行“标题”：标题不能为空” → “标题不能为空” (row and column have their own cells). */
const bareMessage = (m) => String(m ?? '').replace(/^第\d+行(“[^”]*”)?：/, '');

const rowCell = (row) => (row === null || row === undefined ? '整个文件' : `第${row}行`);

const badge = (cls, text, title) => h('span', { class: `badge ${cls}`, title }, text);

function issueTable(issues, withSeverity) {
  return h(
    'table',
    { class: 'import-issues' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        withSeverity ? h('th', {}, label('类型', 'kind')) : null,
        h('th', {}, label('行', 'row')),
        h('th', {}, label('列', 'column')),
        h('th', {}, label('问题', 'message')),
        h('th', {}, label('相近单位', 'did you mean')),
      ),
    ),
    h(
      'tbody',
      {},
      issues.map((i) =>
        h(
          'tr',
          {
            dataset: {
              row: i.row ?? '',
              column: i.column ?? '',
              code: i.code,
              severity: i.severity,
            },
          },
          withSeverity ? h('td', { class: 'nowrap' }, SEVERITY[i.severity] ?? i.severity) : null,
          h('td', { class: 'nowrap issue-row' }, rowCell(i.row)),
          h(
            'td',
            { class: 'nowrap issue-column' },
            i.column ? `“${i.column}”` : '—',
            i.cell ? h('span', { class: 'sub' }, `单元格 ${i.cell}`) : null,
          ),
          h(
            'td',
            { class: 'issue-message' },
            bareMessage(i.message),
            h('span', { class: 'sub' }, h('code', {}, i.code)),
            i.existingId
              ? h('a', { class: 'sub', href: `#/cases/${i.existingId}` }, '打开已登记的案件')
              : null,
          ),
          h(
            'td',
            { class: 'issue-suggestions' },
            i.suggestions?.length
              ? h(
                  'ul',
                  { class: 'plain' },
                  i.suggestions.map((s) =>
                    h(
                      'li',
                      { dataset: { unitId: s.id } },
                      s.name,
                      h('span', { class: 'sub' }, [
                        s.shortName ? `简称 ${s.shortName} · ` : '',
                        `代码 ${s.code}`,
                      ]),
                    ),
                  ),
                )
              : '—',
          ),
        ),
      ),
    ),
  );
}

/** Numbers used twice in the file, or already registered for another case. */
function duplicatesBlock(issues) {
  const dups = issues.filter((i) => DUPLICATE_CODES.includes(i.code));
  if (!dups.length) return null;
  return h(
    'div',
    { class: 'import-duplicates' },
    h('h3', {}, label(`重复编号（${dups.length}）`, 'duplicate numbers')),
    h(
      'ul',
      {},
      dups.map((i) =>
        h(
          'li',
          { dataset: { row: i.row ?? '', code: i.code } },
          i.code === 'DUPLICATE_NUMBER_IN_FILE'
            ? `编号“${i.value}”：第${i.firstRow}行与第${i.row}行重复`
            : `第${i.row}行：${bareMessage(i.message)}`,
          i.existingId ? [' ', h('a', { href: `#/cases/${i.existingId}` }, '打开已登记的案件')] : null,
        ),
      ),
    ),
  );
}

function rowsTable(rows) {
  const units = (list) => list.map((u) => u.name).join('、');
  return h(
    'table',
    { class: 'import-rows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, label('行', 'row')),
        h('th', {}, label('编号', 'No.')),
        h('th', {}, label('标题', 'title')),
        h('th', {}, label('提出人', 'proposers')),
        h('th', {}, label('建议承办单位', 'units')),
        h('th', {}, label('结果', 'outcome')),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { class: `import-row-${r.status}`, dataset: { row: r.row, status: r.status, number: r.number } },
          h('td', { class: 'nowrap' }, `第${r.row}行`),
          h('td', { class: 'nowrap' }, r.number || '—'),
          h('td', {}, r.title || '—'),
          h('td', {}, r.proposers.map((p) => p.name).join('、') || '—'),
          h(
            'td',
            {},
            r.leadUnits.length ? h('span', {}, `主办：${units(r.leadUnits)}`) : null,
            r.coUnits.length ? h('span', { class: 'sub' }, `会办：${units(r.coUnits)}`) : null,
            !r.leadUnits.length && !r.coUnits.length ? '—' : null,
          ),
          h(
            'td',
            { class: 'nowrap' },
            badge(`import-status import-${r.status}`, REPORT_ROW_STATUS[r.status] ?? r.status, r.status),
            r.status === 'invalid' ? h('span', { class: 'sub' }, `${r.errors} 处错误`) : null,
            r.existingId && r.status === 'unchanged'
              ? h('a', { class: 'sub', href: `#/cases/${r.existingId}` }, '查看案件')
              : null,
          ),
        ),
      ),
    ),
  );
}

/** The report of a dry run (or of a refused commit): totals, errors, duplicates, every row. */
function reportView(report, policyNames) {
  const c = report.counts;
  const errors = report.issues.filter((i) => i.severity === 'error');
  const notes = report.issues.filter((i) => i.severity !== 'error');
  const f = report.file ?? {};
  const fileFacts = [
    f.kind === 'csv' ? `CSV${f.encoding ? `（${f.encoding}）` : ''}` : 'Excel 工作簿',
    f.sheet ? `工作表“${f.sheet}”` : null,
    f.headerRow ? `表头在第${f.headerRow}行` : null,
  ]
    .filter(Boolean)
    .join('，');
  return h(
    'section',
    { class: `card import-report ${report.ok ? 'ok' : 'has-errors'}`, dataset: { ok: String(report.ok) } },
    h('h2', {}, label(report.dryRun ? '检查结果' : '导入被拒绝：检查结果', 'report')),
    h('p', { class: 'import-file' }, h('strong', {}, f.name ?? ''), ` · ${fileFacts}`),
    h('p', { class: 'muted' }, sessionText(report.session, policyNames)),
    h(
      'ul',
      { class: 'import-counts' },
      h('li', { dataset: { count: 'rows' } }, h('b', {}, String(c.rows)), ' 行'),
      h('li', { dataset: { count: 'new' } }, '将登记 ', h('b', {}, String(c.new)), ' 件'),
      h('li', { dataset: { count: 'unchanged' } }, '已登记不变 ', h('b', {}, String(c.unchanged)), ' 件'),
      h(
        'li',
        { dataset: { count: 'invalid' }, class: c.invalid ? 'bad' : '' },
        '有错误 ',
        h('b', {}, String(c.invalid)),
        ` 行（${c.errors} 处）`,
      ),
      h('li', { dataset: { count: 'warnings' } }, '提醒 ', h('b', {}, String(c.warnings)), ' 处'),
    ),
    report.columns?.length
      ? h(
          'p',
          { class: 'sub' },
          '识别的列：',
          report.columns.map((col) => `${col.header}（${col.column}列）`).join('、'),
        )
      : null,
    errors.length
      ? [
          h('h3', {}, label(`错误（${errors.length}）`, 'errors')),
          h('p', { class: 'muted' }, '行号为 Excel 中的行号（表头所在行计入）。改正后重新上传并检查。'),
          issueTable(errors, false),
        ]
      : h('p', { class: 'notice notice-ok' }, '没有错误，可以导入。'),
    duplicatesBlock(report.issues),
    notes.length
      ? h(
          'details',
          { class: 'import-notes', open: notes.some((i) => i.severity === 'warning') },
          h('summary', {}, `提醒与说明（${notes.length}）`),
          issueTable(notes, true),
        )
      : null,
    h('h3', {}, label('逐行结果', 'rows')),
    rowsTable(report.rows),
  );
}

function jobRowsTable(rows) {
  return h(
    'table',
    { class: 'import-job-rows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, label('行', 'row')),
        h('th', {}, label('编号', 'No.')),
        h('th', {}, label('标题', 'title')),
        h('th', {}, label('结果', 'outcome')),
        h('th', {}, label('说明', 'note')),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { dataset: { row: r.row, status: r.status, number: r.number } },
          h('td', { class: 'nowrap' }, `第${r.row}行`),
          h('td', { class: 'nowrap' }, r.number),
          h(
            'td',
            {},
            r.caseId ? h('a', { href: `#/cases/${r.caseId}`, class: 'case-link' }, r.title) : r.title,
          ),
          h(
            'td',
            { class: 'nowrap' },
            badge(`import-status import-${r.status}`, JOB_ROW_STATUS[r.status] ?? r.status, r.status),
          ),
          h('td', {}, r.message ? h('span', { class: 'sub' }, r.message) : ''),
        ),
      ),
    ),
  );
}

/** One job's progress: bar, counts, and once it ends its rows and where to find the cases. */
function jobView(job, policyNames) {
  const total = job.total || 0;
  const pct = total ? Math.round((job.done / total) * 100) : 100;
  const ended = job.status !== 'running';
  return [
    h(
      'div',
      { class: 'page-head' },
      h('h2', {}, label('导入进度', 'progress')),
      badge(`job-status job-${job.status}`, JOB_STATUS[job.status] ?? job.status, job.status),
    ),
    h(
      'p',
      {},
      h('strong', {}, job.fileName),
      h('span', { class: 'sub' }, sessionText(job.session, policyNames)),
    ),
    h('progress', {
      class: 'import-progress',
      max: total || 1,
      value: total ? job.done : 1,
      'aria-label': '导入进度',
    }),
    h(
      'ul',
      { class: 'import-counts' },
      h('li', { dataset: { count: 'done' } }, '已处理 ', h('b', {}, `${job.done}/${total}`), `（${pct}%）`),
      h('li', { dataset: { count: 'registered' } }, '新登记 ', h('b', {}, String(job.registered)), ' 件'),
      h('li', { dataset: { count: 'unchanged' } }, '未变 ', h('b', {}, String(job.unchanged)), ' 件'),
      h(
        'li',
        { dataset: { count: 'failed' }, class: job.failed ? 'bad' : '' },
        '失败 ',
        h('b', {}, String(job.failed)),
        ' 件',
      ),
    ),
    job.status === 'running'
      ? h('p', { class: 'muted' }, '正在逐件登记，本页每秒刷新一次进度；离开本页不会中断导入。')
      : null,
    job.status === 'completed'
      ? h(
          'p',
          { class: `notice ${job.failed ? 'notice-warn' : 'notice-ok'}`, role: 'status' },
          `导入完成：新登记 ${job.registered} 件，未变 ${job.unchanged} 件，失败 ${job.failed} 件。`,
          job.failed ? '失败的行可改正后重新上传同一份清单，已登记的行不会重复登记。' : '',
        )
      : null,
    job.status === 'interrupted'
      ? h(
          'p',
          { class: 'notice notice-warn', role: 'status' },
          job.hint ?? '导入中断：重新上传同一文件即可继续。',
        )
      : null,
    ended
      ? h(
          'p',
          {},
          h(
            'a',
            { class: 'button', href: casesHref(job.session) },
            `在案件列表中查看（${CHANNELS[job.session.channel] ?? job.session.channel}${job.session.term}届${job.session.session}次）`,
          ),
          job.finishedAt ? h('span', { class: 'muted' }, ` 完成于 ${dateTimeZh(job.finishedAt)}`) : null,
        )
      : null,
    ended && job.rows?.length ? jobRowsTable(job.rows) : null,
  ];
}

function jobsTable(jobs, policyNames) {
  if (!jobs.length) return h('p', { class: 'empty' }, '还没有导入任务。');
  return h(
    'table',
    { class: 'import-jobs' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, label('文件', 'file')),
        h('th', {}, label('会议', 'session')),
        h('th', {}, label('状态', 'status')),
        h('th', {}, label('进度', 'done')),
        h('th', {}, label('新登记', 'registered')),
        h('th', {}, label('未变', 'unchanged')),
        h('th', {}, label('失败', 'failed')),
        h('th', {}, label('开始', 'started')),
      ),
    ),
    h(
      'tbody',
      {},
      jobs.map((j) =>
        h(
          'tr',
          { dataset: { jobId: j.id, status: j.status } },
          h('td', {}, h('a', { href: `#/import?job=${encodeURIComponent(j.id)}` }, j.fileName)),
          h('td', {}, sessionText(j.session, policyNames)),
          h(
            'td',
            { class: 'nowrap' },
            badge(`job-status job-${j.status}`, JOB_STATUS[j.status] ?? j.status, j.status),
          ),
          h('td', { class: 'nowrap' }, `${j.done}/${j.total}`),
          h('td', {}, String(j.registered)),
          h('td', {}, String(j.unchanged)),
          h('td', { class: j.failed ? 'bad' : '' }, String(j.failed)),
          h('td', { class: 'nowrap' }, dateTimeZh(j.createdAt)),
        ),
      ),
    ),
  );
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** 批量导入: check a session list, import it, follow the job; the latest jobs below. */
export async function importView(root, ctx, query, stillCurrent) {
  root.append(h('h1', {}, label('批量导入', 'Import')));
  if (!ctx.can('office', 'admin')) {
    root.append(h('p', { class: 'muted' }, '只有交办机关可以批量导入建议/提案 (office only)。'));
    return;
  }
  const policies = await get('/policies');
  if (!stillCurrent()) return;
  const policyNames = new Map(policies.map((p) => [p.id, p.name]));

  const fileInput = h('input', { type: 'file', name: 'file', accept: ACCEPT, required: true });
  const problem = h('div', { class: 'slot' });
  const checkButton = h('button', { type: 'submit', class: 'primary', name: 'check' }, '检查');
  const importButton = h(
    'button',
    { type: 'button', class: 'primary', name: 'commit', disabled: true },
    '导入',
  );
  const why = h('span', { class: 'import-why', role: 'status' });
  const reportSlot = h('div', { class: 'import-report-slot' });
  const jobSlot = h('section', { class: 'card import-job', hidden: true });
  const jobsSlot = h('div', { class: 'import-jobs-slot' });

  const form = h(
    'form',
    { class: 'card import-form' },
    h(
      'div',
      { class: 'import-fields' },
      field(
        '清单文件',
        'file (.xlsx / .csv)',
        fileInput,
        '不超过 10 MB、5000 行；旧版 .xls 请先另存为 .xlsx',
      ),
      field(
        '辖区政策',
        'jurisdiction',
        select(
          'jurisdiction',
          Object.fromEntries(policies.map((p) => [p.id, `${p.name}（${p.id}）`])),
          policies.some((p) => p.id === 'cn-national') ? 'cn-national' : policies[0]?.id,
        ),
      ),
      field('渠道', 'channel', select('channel', CHANNELS, 'npc')),
      field(
        '届',
        'term',
        h('input', { name: 'term', type: 'number', min: 1, step: 1, required: true, placeholder: '如 14' }),
      ),
      field(
        '次',
        'session',
        h('input', { name: 'session', type: 'number', min: 1, step: 1, required: true, placeholder: '如 3' }),
      ),
      field('提出时间', 'during session', select('duringSession', DURING, 'true')),
    ),
    h(
      'p',
      { class: 'hint' },
      '首行（或前 10 行中的表头行）为列名：编号、标题（案由）、提出人（领衔人）、联名人、类别、内容、主办单位、会办单位。' +
        '多个人名或单位用顿号、逗号、分号或换行分隔，第一位提出人为领衔人。先检查，无误后再导入；已登记且未改动的行不会重复登记。',
    ),
    problem,
    h('div', { class: 'form-buttons' }, checkButton, importButton, why),
  );

  /** The report the 导入 button stands on; null when there is none or the form changed since. */
  let report = null;
  /** Why there is no report: 'first' (nothing checked yet), 'changed' (form edited), 'submitted'. */
  let noReport = 'first';
  let committing = false;

  const updateImport = () => {
    let blocked = '';
    let note = '';
    if (committing) blocked = '正在提交导入…';
    else if (!report) {
      blocked = {
        first: '请先选择文件并点“检查”；检查无误后才能导入。',
        changed: '文件或会议信息已更改，请重新检查后再导入。',
        submitted: '已提交导入；如需再次导入，请重新检查。',
      }[noReport];
    } else if (!report.ok) {
      const rows = report.counts.invalid ? `（${report.counts.invalid} 行）` : '';
      blocked = `文件中有 ${report.counts.errors} 处错误${rows}，改正后重新上传并检查，才能导入。`;
    } else if (report.counts.new === 0) {
      note = `${report.counts.unchanged} 件均已登记且未改动，导入不会新增案件。`;
    }
    importButton.disabled = !!blocked;
    importButton.textContent = report?.ok ? `导入 ${report.counts.new} 件` : '导入';
    why.textContent = blocked || note;
  };

  const showReport = (r) => {
    report = r;
    clear(reportSlot).append(reportView(r, policyNames));
    updateImport();
  };

  // any change to the file or the session fields makes the report shown no longer the one to import
  const invalidate = () => {
    if (!report) return;
    report = null;
    noReport = 'changed';
    const shown = reportSlot.querySelector('.import-report');
    if (shown) {
      shown.classList.add('stale');
      shown.dataset.stale = 'true';
      shown.prepend(
        h('p', { class: 'notice notice-warn' }, '文件或会议信息已更改，以下结果已过期，请重新检查。'),
      );
    }
    updateImport();
  };
  form.addEventListener('change', invalidate);
  form.addEventListener('input', invalidate);

  const refused = (e) => {
    showProblem(problem, e);
    if (e.code === 'IMPORT_NO_HEADER' && e.body.expectedHeaders) {
      problem.append(
        h(
          'ul',
          { class: 'sub' },
          Object.entries(e.body.expectedHeaders).map(([k, v]) =>
            h('li', {}, `${k}：${[v].flat().join('、')}`),
          ),
        ),
      );
    }
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // the file and the session fields, exactly as the form holds them (before busy disables them)
    const fd = new FormData(form);
    showProblem(problem, null);
    report = null;
    noReport = 'first';
    clear(reportSlot).append(h('p', { class: 'muted import-checking' }, '正在检查…'));
    updateImport();
    await busy(form, async () => {
      try {
        const { data } = await upload('/imports?dryRun=true', fd);
        if (stillCurrent()) showReport(data);
      } catch (e) {
        clear(reportSlot);
        refused(e);
      }
    });
    updateImport();
  });

  importButton.addEventListener('click', async () => {
    if (!report?.ok || !form.reportValidity()) return;
    const fd = new FormData(form);
    showProblem(problem, null);
    committing = true;
    updateImport();
    await busy(form, async () => {
      try {
        const { data: job } = await upload('/imports?dryRun=false', fd);
        if (!stillCurrent()) return;
        // the report described the list before this import; checking again shows the new state
        report = null;
        noReport = 'submitted';
        clear(reportSlot);
        void follow(job.id, job);
        void loadJobs();
      } catch (e) {
        refused(e);
        if (e.code === 'IMPORT_HAS_ERRORS' && e.body.report) showReport(e.body.report);
        if (e.code === 'IMPORT_IN_PROGRESS' && e.body.jobId) {
          problem.append(h('p', { class: 'muted' }, '下面显示正在进行的这次导入的进度。'));
          void follow(e.body.jobId, null);
        }
      }
    });
    committing = false;
    updateImport();
  });

  let followSeq = 0;
  /**
   * Shows a job and asks for its progress every second until it has ended (and its rows are in:
   * the 202 answer of a commit has none). Following another job, or leaving the page, stops it.
   */
  async function follow(id, first) {
    const mine = ++followSeq;
    const alive = () => mine === followSeq && stillCurrent();
    const status = h('div', { class: 'slot' });
    const show = (job) => {
      jobSlot.dataset.status = job.status;
      append(clear(jobSlot), [jobView(job, policyNames), status]);
    };
    jobSlot.hidden = false;
    jobSlot.dataset.jobId = id;
    // an ended job is shown once its rows are in (data-status then means: all there is to see)
    if (first?.status === 'running') show(first);
    else {
      jobSlot.dataset.status = 'loading';
      clear(jobSlot).append(h('p', { class: 'muted' }, '正在读取导入任务…'), status);
    }
    let job = first;
    let wait = !!first;
    let failures = 0;
    while (!(job && job.status !== 'running' && job.rows)) {
      if (wait) await pause(POLL_MS);
      wait = true;
      if (!alive()) return;
      try {
        job = await get(`/imports/${encodeURIComponent(id)}`);
        if (!alive()) return;
        failures = 0;
        showProblem(status, null);
        show(job);
      } catch (e) {
        if (!alive()) return;
        failures++;
        showProblem(status, e);
        if (failures >= POLL_GIVE_UP || [401, 403, 404].includes(e.status)) {
          status.append(
            h('button', { type: 'button', onclick: () => void follow(id, null) }, '继续查看进度'),
          );
          return;
        }
      }
    }
    void loadJobs();
  }

  async function loadJobs() {
    try {
      const jobs = await get('/imports');
      if (!stillCurrent()) return;
      clear(jobsSlot).append(jobsTable(jobs, policyNames));
    } catch (e) {
      if (stillCurrent()) clear(jobsSlot).append(problemBox(e));
    }
  }

  root.append(
    form,
    reportSlot,
    jobSlot,
    h(
      'section',
      { class: 'import-recent' },
      h('h2', {}, label('最近的导入任务', 'recent imports')),
      jobsSlot,
    ),
  );
  updateImport();
  await loadJobs();
  const wanted = query.get('job');
  if (wanted && stillCurrent()) void follow(wanted, null);
}
