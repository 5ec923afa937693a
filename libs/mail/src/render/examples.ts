import type { CaseRef, MailDataByKind } from './types';

// Example data for every kind, built on seed 000 (a reply to 市政协八届六次会议第006号提案).
// Used by the tests and handy for previewing the templates.

/** The seed case. */
export const EXAMPLE_CASE: CaseRef = {
  channel: 'cppcc',
  assembly: '市政协',
  assemblyEn: 'Liaoyuan Municipal CPPCC Committee',
  term: 8,
  session: 6,
  number: '006',
  title: '关于完善治理格局 健全服务体系在创新中提升我市社区建设水平的建议',
};

/**
 * Data of every kind for one case, with `link` as the one-click link. Assigned on 2026-03-31,
 * reply due by the end of 2026-06-30 (the instant 2026-06-30T16:00Z, i.e. 24:00 in Shanghai).
 */
export function exampleData(link: string, c: CaseRef = EXAMPLE_CASE): MailDataByKind {
  const office = { name: '辽源市政协提案委员会', phone: '0437-3221234' };
  const unit = '辽源市民政局';
  const signFor = {
    clock: 'signFor',
    dueAt: '2026-04-03T16:00:00.000Z',
    summary: '交办之日（2026年3月31日）起3个工作日',
    summaryEn: '3 working days from assignment on 2026-03-31',
  };
  const mainReply = {
    clock: 'mainReply',
    dueAt: '2026-06-30T16:00:00.000Z',
    summary: '交办之日（2026年3月31日）起3个月',
    summaryEn: '3 months from assignment on 2026-03-31',
  };
  return {
    assigned: {
      recipientName: unit,
      office,
      case: c,
      link,
      role: 'lead',
      assignedAt: '2026-03-31T09:30:00+08:00',
      summary: '建议推行社区公共服务事项准入制度，充实社区工作力量，提升社区治理和服务效能。',
      proposers: ['九三学社辽源市委员会'],
      otherUnits: [{ name: '辽源市财政局', role: 'co' }],
      keyCase: true,
      deadlines: [
        signFor,
        { clock: 'adjustmentWindow', dueAt: '2026-04-10T16:00:00.000Z', summary: '签收之日起7日' },
        { clock: 'contactProposer', dueAt: '2026-04-21T16:00:00.000Z', summary: '交办之日起15个工作日' },
        { clock: 'coHandlerOpinion', dueAt: '2026-04-30T16:00:00.000Z', summary: '交办之日起1个月' },
        mainReply,
        { clock: 'extensionCap', dueAt: '2026-09-30T16:00:00.000Z', summary: '延期后总期限不超过6个月' },
      ],
    },
    signForReminder: {
      recipientName: unit,
      office,
      case: c,
      link,
      assignedAt: '2026-03-31T09:30:00+08:00',
      deadline: signFor,
      now: '2026-04-02T09:00:00+08:00',
    },
    deadlineReminder: {
      recipientName: unit,
      office,
      case: c,
      link,
      deadline: mainReply,
      now: '2026-06-23T09:00:00+08:00',
    },
    overdue: {
      recipientName: '王主任',
      office,
      case: c,
      link,
      audience: 'supervisor',
      unitName: unit,
      deadline: mainReply,
      now: '2026-07-03T09:00:00+08:00',
    },
    adjustmentDecided: {
      recipientName: '辽源市财政局',
      office,
      case: c,
      link,
      decision: 'rejected',
      decidedAt: '2026-04-08T10:00:00+08:00',
      requestReason: '社区建设不属于本局职责。',
      reason: '本件涉及社区工作经费保障，属贵局职责范围。',
    },
    extensionDecided: {
      recipientName: unit,
      office,
      case: c,
      link,
      decision: 'approved',
      decidedAt: '2026-06-20T10:00:00+08:00',
      reason: '涉及多部门协调，同意延期一个月。',
      oldDueAt: '2026-06-30T16:00:00.000Z',
      newDueAt: '2026-07-31T16:00:00.000Z',
    },
    opinionReceived: {
      recipientName: unit,
      office,
      case: c,
      link,
      fromUnitName: '辽源市财政局',
      opinion: '我局将积极争取上级资金，\n保障社区工作经费。',
      receivedAt: '2026-04-28T15:00:00+08:00',
    },
    replied: {
      recipientName: '九三学社辽源市委员会',
      office,
      case: c,
      link,
      proposer: { name: '九三学社辽源市委员会', type: 'group' },
      unitName: unit,
      repliedAt: '2026-06-25T10:00:00+08:00',
      replyClass: 'A',
      docNumber: '辽民函〔2026〕12号',
      excerpt: '贵单位在市政协八届六次会议上提出的建议收悉，现答复如下……',
    },
    feedbackRequested: {
      recipientName: '九三学社辽源市委员会',
      office,
      case: c,
      link,
      proposer: { name: '九三学社辽源市委员会', type: 'group' },
      unitName: unit,
      repliedAt: '2026-06-25T10:00:00+08:00',
      feedbackDueAt: '2026-07-16T16:00:00.000Z',
    },
    rehandling: {
      recipientName: unit,
      office,
      case: c,
      link,
      proposerName: '九三学社辽源市委员会',
      rating: 'dissatisfied',
      comment: '答复未说明社区工作者待遇的具体措施。',
      round: 2,
      deadline: {
        clock: 'rehandling',
        dueAt: '2026-08-31T16:00:00.000Z',
        summary: '不满意意见转交之日起1个月',
      },
    },
    urged: {
      recipientName: unit,
      office,
      case: c,
      link,
      audience: 'unit',
      unitName: unit,
      by: '辽源市政协提案委员会督办组',
      at: '2026-06-20T10:00:00+08:00',
      note: '请于月底前与提案人当面沟通并答复。',
      deadlines: [mainReply],
      keyCase: true,
    },
    keyCase: {
      recipientName: unit,
      office,
      case: c,
      link,
      audience: 'unit',
      unitName: unit,
      by: '辽源市政协提案委员会',
      at: '2026-04-15T10:00:00+08:00',
      note: '列入年度重点提案督办计划。',
      deadlines: [mainReply],
      keyCase: true,
    },
    dailyDigest: {
      recipientName: '王主任',
      office,
      link,
      date: '2026-07-03',
      overdue: [{ case: c, unitName: unit, clock: 'mainReply', dueAt: mainReply.dueAt, link }],
      dueThisWeek: [
        {
          case: { ...c, number: '017', title: '关于加快老旧小区改造的建议' },
          unitName: '辽源市住房和城乡建设局',
          clock: 'mainReply',
          dueAt: '2026-07-05T16:00:00.000Z',
        },
      ],
    },
  };
}
