import type { CommandSpec } from './cli';
import { PASSWORD_ENV } from './password';

/*
 * The commands: their names, options and help here; what they do in ./actions, loaded only when
 * a command runs (they bring in the API's modules), so `--help` answers at once.
 */

const PASSWORD_OPTIONS = [
  {
    name: 'password',
    value: '<P>',
    zh: '新密码（会出现在进程列表中，不建议）',
    en: 'the new password (shows in the process list: not recommended)',
  },
  {
    name: 'password-stdin',
    zh: '从标准输入的第一行读取新密码',
    en: 'read the new password from the first line of standard input',
  },
];
const PASSWORD_NOTE = {
  zh: `密码依次取自 --password、环境变量 ${PASSWORD_ENV}、管道输入的标准输入，或在终端上提示输入两次；从不回显。`,
  en: `The password comes from --password, else ${PASSWORD_ENV}, else a piped standard input, else it is asked twice on the terminal; it is never echoed.`,
};

const adminCreate: CommandSpec = {
  name: 'admin create',
  zh: '创建管理员账号',
  en: 'Create an administrator',
  options: [
    { name: 'username', value: '<U>', required: true, zh: '登录名', en: 'login name' },
    {
      name: 'display-name',
      value: '<N>',
      zh: '姓名，默认“系统管理员”',
      en: 'display name (default 系统管理员)',
    },
    { name: 'email', value: '<E>', zh: '邮箱', en: 'e-mail address' },
    ...PASSWORD_OPTIONS,
  ],
  notes: [PASSWORD_NOTE],
  examples: [`admin create --username ops.li --password-stdin < pw.txt`],
  run: (ctx) => import('./actions/admin').then((m) => m.adminCreate(ctx)),
};

const adminReset: CommandSpec = {
  name: 'admin reset',
  zh: '重设管理员的密码，并重新启用、解除锁定该账号',
  en: 'Reset an administrator’s password, re-activating and unlocking the account',
  options: [
    {
      name: 'username',
      value: '<U>',
      required: true,
      zh: '管理员的登录名',
      en: 'the administrator’s login name',
    },
    ...PASSWORD_OPTIONS,
  ],
  notes: [
    PASSWORD_NOTE,
    {
      zh: '该账号的其他已登录会话随之失效。只重设管理员；其他账号由管理员在“系统管理”中处理。',
      en: 'Every other session of the account ends. Only administrators are reset here; other accounts are for an administrator (系统管理).',
    },
  ],
  examples: [`admin reset --username admin`],
  run: (ctx) => import('./actions/admin').then((m) => m.adminReset(ctx)),
};

const calendarLoad: CommandSpec = {
  name: 'calendar load',
  zh: '载入一年的节假日安排（与 API 相同的校验）',
  en: 'Load a year of the holiday calendar (validated as the API does)',
  options: [
    {
      name: 'year',
      value: '<YYYY>',
      required: true,
      zh: '年份，须与文件中的 year 相同',
      en: 'the year; must match the file’s year',
    },
    {
      name: 'file',
      value: '<F>',
      required: true,
      zh: 'JSON 文件（格式同 libs/domain/src/calendar/data）',
      en: 'JSON file (as libs/domain/src/calendar/data)',
    },
  ],
  examples: ['calendar load --year 2027 --file 2027.json'],
  run: (ctx) => import('./actions/calendar').then((m) => m.calendarLoad(ctx)),
};

const deadlinesRecompute: CommandSpec = {
  name: 'deadlines recompute',
  zh: '重新计算一个辖区所有在办案件（已立案、已交办）的时限（与 API 的“重新适用政策”相同，经由 Temporal）',
  en: 'Recompute the deadlines of every open (filed or assigned) case of a jurisdiction (the API’s policy re-apply, through Temporal)',
  options: [
    { name: 'jurisdiction', value: '<J>', required: true, zh: '辖区 id', en: 'jurisdiction id' },
    {
      name: 'policy-version',
      value: '<N>',
      zh: '改用案件政策的第 N 版；省略则按现行版本与日历重算',
      en: 'move the cases to version N of their policy; without it, recompute under their own version and today’s calendar',
    },
    {
      name: 'reason',
      value: '<R>',
      required: true,
      zh: '原因（记入审计记录）',
      en: 'reason (recorded in the audit trail)',
    },
    { name: 'dry-run', zh: '只列出将被重算的案件', en: 'only list the cases that would be recomputed' },
  ],
  notes: [
    {
      zh: '需要有工作进程在该任务队列上运行。任一案件失败时退出码为 1，其余案件照常处理。',
      en: 'A worker must be polling the task queue. Exit code 1 when any case failed; the others are still done.',
    },
  ],
  examples: ['deadlines recompute --jurisdiction fujian --reason "2027年节假日安排公布"'],
  run: (ctx) => import('./actions/deadlines').then((m) => m.deadlinesRecompute(ctx)),
};

const mailResendFailed: CommandSpec = {
  name: 'mail resend-failed',
  zh: '把投递失败的邮件重新排队（与 API 的重新投递相同）',
  en: 'Queue failed mail again (as the API’s re-send does)',
  options: [
    {
      name: 'since',
      value: '<ISO>',
      zh: '只处理此时刻之后失败的邮件，如 2026-05-01T08:00:00+08:00',
      en: 'only mail that failed at or after this instant, e.g. 2026-05-01T08:00:00+08:00',
    },
    { name: 'case', value: '<id>', zh: '只处理该案件的邮件', en: 'only the mail of this case' },
    { name: 'dry-run', zh: '只列出，不重新排队', en: 'only list them' },
  ],
  notes: [
    {
      zh: '投递任务一分钟内发出；收件地址无效的邮件须先在网页上更正地址后单独重发，本命令计为失败（退出码 1）。',
      en: 'The dispatcher sends them within a minute. Mail without a valid address must be re-sent to a corrected address in the web workspace; it counts as failed here (exit code 1).',
    },
  ],
  examples: ['mail resend-failed --since 2026-05-01T08:00:00+08:00'],
  run: (ctx) => import('./actions/mail').then((m) => m.mailResendFailed(ctx)),
};

const importRun: CommandSpec = {
  name: 'import run',
  zh: '从文件导入一次会议的建议/提案清单（与网页“批量导入”相同）',
  en: 'Import a session list from a file (as the web workspace’s bulk import does)',
  options: [
    { name: 'file', value: '<F>', required: true, zh: '.xlsx 或 .csv 文件', en: '.xlsx or .csv file' },
    { name: 'jurisdiction', value: '<J>', required: true, zh: '辖区 id', en: 'jurisdiction id' },
    {
      name: 'channel',
      value: 'npc|cppcc',
      required: true,
      zh: '人大建议 npc 或政协提案 cppcc',
      en: 'npc or cppcc',
    },
    { name: 'term', value: '<N>', required: true, zh: '届', en: 'term (届)' },
    { name: 'session', value: '<N>', required: true, zh: '次', en: 'session (次)' },
    {
      name: 'after-session',
      zh: '闭会期间提出（默认会间）',
      en: 'made between sessions (default: during the session)',
    },
    { name: 'dry-run', zh: '只检查、不写入', en: 'check only, write nothing' },
  ],
  notes: [
    {
      zh: '有任何错误时整份拒绝，不导入任何一行；重复导入同一文件不会产生新案件。',
      en: 'A file with any error is refused whole; importing the same file again registers nothing twice.',
    },
  ],
  examples: ['import run --file 八届六次.xlsx --jurisdiction cn-national --channel npc --term 8 --session 6'],
  run: (ctx) => import('./actions/import').then((m) => m.importRun(ctx)),
};

const caseShow: CommandSpec = {
  name: 'case show',
  zh: '显示案件的状态：Temporal 中的实时状态与读模型',
  en: 'Show a case’s state: live from Temporal, and the read model',
  args: [{ name: 'id|workflowId', zh: '案件 id 或流程 id', en: 'case id or workflow id' }],
  options: [{ name: 'json', zh: '以 JSON 输出', en: 'print JSON' }],
  notes: [
    {
      zh: '读取实时状态需要有工作进程在该任务队列上运行；读不到时仍显示读模型，退出码为 1。',
      en: 'The live state needs a worker polling the task queue; without it the read model is still shown, with exit code 1.',
    },
  ],
  examples: ['case show proposal:cn-national:npc:14-3:0001'],
  run: (ctx) => import('./actions/case').then((m) => m.caseShow(ctx)),
};
/** Every command of the CLI, in the order the help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  adminCreate,
  adminReset,
  calendarLoad,
  deadlinesRecompute,
  mailResendFailed,
  importRun,
  caseShow,
];
