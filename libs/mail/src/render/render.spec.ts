import { outboxKind, outboxKindLabel, parseOutboxKind, reminderOffsetPart } from '@banli/domain';
import { outboxDedupeKey } from '../outbox';
import { exampleData, EXAMPLE_CASE } from './examples';
import {
  caseRefEn,
  caseRefZh,
  MAIL_KINDS,
  renderMail,
  renderMailInput,
  type MailDataByKind,
  type MailKind,
} from './index';

const LINK = 'https://banli.example.gov.cn/t/5b0e?unit=u1&sig=ab%2Fc';
const data = exampleData(LINK);
const CJK = /[\u4e00-\u9fff]/;
const kinds = MAIL_KINDS.map((k) => [k] as [MailKind]);

/** Every due date each kind must show, in Chinese. */
const expectedDates: Record<MailKind, string[]> = {
  assigned: ['2026年3月31日', '2026年4月3日', '2026年4月21日', '2026年4月30日', '2026年6月30日'],
  signForReminder: ['2026年3月31日', '2026年4月3日'],
  deadlineReminder: ['2026年6月30日'],
  overdue: ['2026年6月30日', '2026年7月3日'],
  adjustmentRequested: ['2026年4月2日', '2026年4月9日'],
  adjustmentDecided: ['2026年4月8日'],
  extensionRequested: ['2026年6月15日', '2026年6月30日', '2026年7月31日'],
  draftSubmitted: ['2026年6月20日'],
  draftSignedOff: ['2026年6月22日'],
  draftReturned: ['2026年6月21日'],
  countersignRequested: ['2026年6月18日', '2026年6月23日'],
  countersignChanges: ['2026年6月19日'],
  reviewRequested: ['2026年6月22日'],
  replyReviewed: ['2026年6月24日'],
  replyReturned: ['2026年6月23日'],
  extensionDecided: ['2026年6月30日', '2026年7月31日'],
  extensionNotice: ['2026年6月20日', '2026年6月30日', '2026年7月31日'],
  opinionReceived: ['2026年4月28日'],
  replied: ['2026年6月25日'],
  feedbackRequested: ['2026年6月25日', '2026年7月16日'],
  rehandling: ['2026年8月31日'],
  trackingUpdate: ['2026年12月15日', '2027年6月30日'],
  urged: ['2026年6月20日', '2026年6月30日'],
  keyCase: ['2026年4月15日', '2026年6月30日'],
  dailyDigest: ['2026年7月3日', '2026年6月30日', '2026年7月5日'],
};

const expectedSubject: Record<MailKind, RegExp> = {
  assigned: /^【交办通知】市政协八届六次会议第006号提案《关于完善治理格局/,
  signForReminder: /^【签收提醒】还剩1天：市政协八届六次会议第006号提案/,
  deadlineReminder: /^【到期提醒】答复期限2026年6月30日（还剩7天）/,
  overdue: /^【逾期督办】辽源市民政局·答复已逾期3天/,
  adjustmentRequested: /^【调整申请】辽源市财政局：市政协八届六次会议第006号提案/,
  adjustmentDecided: /^【调整申请结果】不同意调整/,
  extensionRequested: /^【延期申请】辽源市民政局：/,
  draftSubmitted: /^【答复待签发】市政协八届六次会议第006号提案/,
  draftSignedOff: /^【答复已签发】/,
  draftReturned: /^【答复稿退回】/,
  countersignRequested:
    /^【会签】辽源市民政局主办的市政协八届六次会议第006号提案《关于完善治理格局.*》的答复稿请会签，会签期限2026年6月23日$/,
  countersignChanges: /^【会签修改意见】辽源市财政局：市政协八届六次会议第006号提案《关于完善治理格局/,
  reviewRequested: /^【答复待审核】辽源市民政局：市政协八届六次会议第006号提案《关于完善治理格局/,
  replyReviewed: /^【答复审核通过】答复类别更正为B类：市政协八届六次会议第006号提案《关于完善治理格局/,
  replyReturned: /^【答复审核退回】市政协八届六次会议第006号提案《关于完善治理格局/,
  extensionDecided: /^【延期申请结果】同意延期至2026年7月31日/,
  extensionNotice: /^【延期告知】您提出的提案《关于完善治理格局.*》答复期限延至2026年7月31日$/,
  opinionReceived: /^【会办意见】辽源市财政局/,
  replied: /^【答复通知】辽源市民政局已答复您的提案/,
  feedbackRequested: /^【征询意见】/,
  rehandling: /^【重新办理】/,
  trackingUpdate: /^【跟踪落实情况】辽源市民政局关于您的提案《关于完善治理格局.*》的第1次报告：尚在落实$/,
  urged: /^【催办】重点督办·市政协八届六次会议第006号提案《关于完善治理格局/,
  keyCase: /^【重点督办】市政协八届六次会议第006号提案《关于完善治理格局/,
  dailyDigest: /^【督办日报】2026年7月3日：逾期1件，本周到期1件$/,
};

describe('renderMail: every kind', () => {
  it('covers every kind', () => {
    expect([...MAIL_KINDS].sort()).toEqual(Object.keys(expectedDates).sort());
  });

  it.each(kinds)('%s: Chinese subject, Chinese body first, English version below', (kind) => {
    const m = renderMail(kind, data[kind] as never);
    expect(m.subject).toMatch(expectedSubject[kind]);
    expect(m.subject).not.toMatch(/[\r\n]/);
    const en = m.text.indexOf('English version');
    expect(en).toBeGreaterThan(0);
    expect(m.text.slice(0, en)).toContain('本邮件由办理系统自动发送');
    expect(m.text.slice(en)).toContain('sent automatically');
    expect(m.html).toMatch(/<div lang="zh-CN">[\s\S]*<div lang="en">/);
  });

  it.each(kinds)('%s: Chinese dates', (kind) => {
    const m = renderMail(kind, data[kind] as never);
    for (const d of expectedDates[kind]) {
      expect(m.text).toContain(d);
      expect(m.html).toContain(d);
    }
  });

  it.each(kinds)('%s: the link in text and as an HTML anchor', (kind) => {
    const m = renderMail(kind, data[kind] as never);
    expect(m.text).toContain(LINK);
    expect(m.html).toContain(`href="${LINK.replace(/&/g, '&amp;')}"`);
  });

  it.each(kinds)('%s: lang en gives English only', (kind) => {
    const m = renderMail(kind, data[kind] as never, { lang: 'en' });
    expect(m.subject).toMatch(/^\[[A-Z]/);
    expect(m.text).not.toContain('English version');
    expect(m.text).not.toContain('本邮件');
    expect(m.html).toContain('<html lang="en">');
    expect(m.html).not.toContain('lang="zh-CN"');
    // Only user data (names, titles) may be Chinese: strip it and no CJK text is left.
    const json = JSON.stringify(data[kind]);
    const userText = new Set(json.match(/[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+/g) ?? []);
    let rest = m.text;
    for (const t of [...userText].sort((a, b) => b.length - a.length)) rest = rest.split(t).join('');
    expect(rest).not.toMatch(CJK);
  });

  it.each(kinds)('%s: user text is escaped in HTML', (kind) => {
    const evil = '<script>alert("x")</script> & <b>粗体</b>';
    const d = exampleData(LINK, { ...EXAMPLE_CASE, title: evil }) as MailDataByKind;
    const m = renderMail(kind, d[kind] as never);
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>');
    expect(m.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;粗体&lt;/b&gt;',
    );
    expect(m.text).toContain(evil);
  });

  it('renderMailInput takes a { kind, data } value', () => {
    expect(renderMailInput({ kind: 'replied', data: data.replied })).toEqual(
      renderMail('replied', data.replied),
    );
  });

  it('an unknown kind is refused', () => {
    expect(() => renderMail('nope' as MailKind, {} as never)).toThrow(RangeError);
  });
});

describe('case references', () => {
  it.each([
    [
      { channel: 'cppcc', assembly: '市政协', term: 8, session: 6, number: '006' },
      '市政协八届六次会议第006号',
      'CPPCC Committee, 8th term, 6th session, proposal No. 006',
    ],
    [
      { channel: 'npc', assembly: '市人大', term: 15, session: 3, number: '建9' },
      '市人大十五届三次会议建9号',
      "People's Congress, 15th term, 3rd session, suggestion No. 建9",
    ],
    [
      { channel: 'npc', term: 14, session: 2, number: '1234' },
      '人大十四届二次会议第1234号',
      "People's Congress, 14th term, 2nd session, suggestion No. 1234",
    ],
    [
      { channel: 'cppcc', term: 13, session: 1, number: '21号' },
      '政协十三届一次会议21号',
      'CPPCC Committee, 13th term, 1st session, proposal No. 21号',
    ],
    [
      { channel: 'cppcc', term: 8, session: 6, number: '12', duringSession: false },
      '政协八届六次会议会后第12号',
      'CPPCC Committee, 8th term, 6th session (after the session), proposal No. 12',
    ],
  ] as const)('%j → %s', (c, zh, en) => {
    const ref = { ...c, title: 't' };
    expect(caseRefZh(ref)).toBe(zh);
    expect(caseRefEn(ref)).toContain(en);
  });
});

describe('assigned', () => {
  const base = data.assigned;

  it.each([
    ['lead', '主办', '本件由贵单位主办，辽源市财政局会办。'],
    ['co', '会办', '本件由主办单位主办，贵单位会办。'],
    ['separate', '分办', '本件由各承办单位分别办理'],
    ['sole', '单办', '本件由贵单位单独办理'],
  ] as const)('role %s → %s', (role, label, sentence) => {
    const m = renderMail('assigned', { ...base, role, otherUnits: role === 'lead' ? base.otherUnits : [] });
    expect(m.text).toContain(`办理方式：${label}`);
    expect(m.text).toContain(sentence);
  });

  it('a co-handler is told who leads and that it does not reply to the proposer', () => {
    const m = renderMail('assigned', {
      ...base,
      role: 'co',
      leadUnitName: '辽源市民政局',
      recipientName: '辽源市财政局',
      otherUnits: [{ name: '辽源市民政局', role: 'lead' }],
    });
    expect(m.text).toContain('本件由辽源市民政局主办，贵单位会办。');
    expect(m.text).toContain('不直接答复提案人');
    expect(m.text).toContain('do not reply to the proposer directly');
  });

  it('lists every deadline with its label, Chinese date and explanation', () => {
    const m = renderMail('assigned', base);
    expect(m.text).toContain('- 签收：2026年4月3日（交办之日（2026年3月31日）起3个工作日）');
    expect(m.text).toContain('- 沟通联系：2026年4月21日（交办之日起15个工作日）');
    expect(m.text).toContain('- 会办意见：2026年4月30日（交办之日起1个月）');
    expect(m.text).toContain('- 答复：2026年6月30日（交办之日（2026年3月31日）起3个月）');
    // the objection window starts at sign-for: the unit learns its rule before it has a date
    expect(m.text).toContain('- 申请调整期：收到交办件之日起7日');
    expect(m.text).toContain('- adjustment request window: 7 days from receipt');
    expect(m.text).toContain('- reply: by 30 June 2026 (3 months from assignment on 2026-03-31)');
    expect(m.text).toContain('本件为重点督办件');
    expect(m.text).toContain('提案人：九三学社辽源市委员会');
  });

  it('an NPC suggestion speaks of 建议 and 代表', () => {
    const m = renderMail('assigned', {
      ...base,
      case: { ...EXAMPLE_CASE, channel: 'npc', assembly: '市人大', number: '建9' },
    });
    expect(m.subject).toContain('市人大八届六次会议建9号建议');
    expect(m.text).toContain('统一答复代表');
    expect(m.text).toContain('提出代表：');
  });

  it('a link that is not http(s) is never a live anchor', () => {
    const m = renderMail('assigned', { ...base, link: 'javascript:alert(1)' });
    expect(m.html).not.toContain('href="javascript');
    expect(m.html).toContain('javascript:alert(1)');
  });

  it('multi-line summaries keep their lines in text and HTML', () => {
    const m = renderMail('assigned', { ...base, summary: '第一行\n第二行' });
    expect(m.text).toContain('> 第一行\n> 第二行');
    expect(m.html).toContain('第一行<br>第二行');
  });
});

describe('reminders and escalation', () => {
  it.each([
    ['2026-06-23T09:00:00+08:00', '还剩7天', '7 days left'],
    ['2026-06-29T20:00:00+08:00', '还剩1天', '1 day left'],
    ['2026-06-30T08:00:00+08:00', '今天到期', 'due today'],
  ])('deadlineReminder at %s says %s', (now, zh, en) => {
    const m = renderMail('deadlineReminder', { ...data.deadlineReminder, now });
    expect(m.text).toContain(`答复期限为2026年6月30日，${zh}`);
    expect(m.text).toContain(en);
  });

  it('deadlineReminder names the clock and its explanation', () => {
    const m = renderMail('deadlineReminder', {
      ...data.deadlineReminder,
      deadline: { clock: 'coOpinion', dueAt: '2026-04-30T16:00:00.000Z', summary: '交办之日起1个月' },
      now: '2026-04-27T09:00:00+08:00',
    });
    expect(m.subject).toContain('【到期提醒】会办意见期限2026年4月30日（还剩3天）');
    expect(m.text).toContain('计算依据：交办之日起1个月');
  });

  it.each([
    ['unitLeader', '贵单位（辽源市民政局）办理的', '请督促尽快办理'],
    ['supervisor', '辽源市民政局办理的', '请予督办'],
  ] as const)('overdue to the %s', (audience, opening, ask) => {
    const m = renderMail('overdue', { ...data.overdue, audience });
    expect(m.text).toContain(opening);
    expect(m.text).toContain('答复期限为2026年6月30日，截至2026年7月3日已逾期3天');
    expect(m.text).toContain(ask);
  });

  it('signForReminder', () => {
    const m = renderMail('signForReminder', data.signForReminder);
    expect(m.text).toContain('目前尚未签收。签收期限为2026年4月3日，还剩1天');
  });
});

describe('decisions, opinions, replies, feedback', () => {
  it.each([
    ['approved', '同意调整，本件改由辽源市住房和城乡建设局办理'],
    ['rejected', '不同意调整。请贵单位继续按期办理'],
  ] as const)('adjustment %s', (decision, sentence) => {
    const m = renderMail('adjustmentDecided', {
      ...data.adjustmentDecided,
      decision,
      newUnitName: '辽源市住房和城乡建设局',
    });
    expect(m.text).toContain(sentence);
    expect(m.text).toContain('申请理由：社区建设不属于本局职责。');
    expect(m.text).toContain('决定理由：本件涉及社区工作经费保障');
  });

  it.each([
    ['approved', '同意延期，答复期限由2026年6月30日延至2026年7月31日。请按规定将延期情况书面告知提案人。'],
    ['rejected', '不同意延期，答复期限仍为2026年6月30日'],
  ] as const)('extension %s', (decision, sentence) => {
    const m = renderMail('extensionDecided', {
      ...data.extensionDecided,
      decision,
      newDueAt: decision === 'approved' ? data.extensionDecided.newDueAt : undefined,
    });
    expect(m.text).toContain(sentence);
  });

  it('opinionReceived quotes the opinion line by line', () => {
    const m = renderMail('opinionReceived', data.opinionReceived);
    expect(m.text).toContain('会办单位辽源市财政局已于2026年4月28日');
    expect(m.text).toContain('> 我局将积极争取上级资金，\n> 保障社区工作经费。');
  });

  it.each([
    [{ name: '张三', type: 'deputy' }, '张三代表：', 'Dear Deputy 张三,'],
    [{ name: '李四', type: 'member' }, '李四委员：', 'Dear Member 李四,'],
    [{ name: '九三学社辽源市委员会', type: 'group' }, '九三学社辽源市委员会：', 'Dear 九三学社辽源市委员会,'],
    [{ name: '王五' }, '王五：', 'Dear 王五,'],
  ] as const)('replied greets %j', (proposer, zh, en) => {
    const m = renderMail('replied', { ...data.replied, proposer });
    expect(m.text.startsWith(zh)).toBe(true);
    expect(m.text).toContain(en);
    expect(m.text).toContain('已由辽源市民政局于2026年6月25日作出答复，答复类别为A类');
    expect(m.text).toContain('文号：辽民函〔2026〕12号');
  });

  it('feedbackRequested asks for a rating by the end of the window', () => {
    const m = renderMail('feedbackRequested', data.feedbackRequested);
    expect(m.text).toContain('满意、基本满意或不满意');
    expect(m.text).toContain('并于2026年7月16日前反馈');
  });

  it('rehandling carries the rating, comment, round and deadline', () => {
    const m = renderMail('rehandling', data.rehandling);
    expect(m.text).toContain('表示不满意。请贵单位重新办理（第2轮）');
    expect(m.text).toContain('重新办理答复期限为2026年8月31日');
    expect(m.text).toContain('> 答复未说明社区工作者待遇的具体措施。');
  });
});

describe('countersign (会签) and office review (审核)', () => {
  it('countersignRequested: the lead, the class, the deadline and the opening of the draft', () => {
    const m = renderMail('countersignRequested', data.countersignRequested);
    expect(m.text.startsWith('辽源市财政局：')).toBe(true);
    expect(m.text).toContain('辽源市民政局于2026年6月18日提交了市政协八届六次会议第006号提案《');
    expect(m.text).toContain('的联合答复稿，拟标注A类，现送贵单位会签，请于2026年6月23日前办理。');
    expect(m.text).toContain('逾期未会签的，答复函不列贵单位署名。');
    expect(m.text).toContain('主办单位：辽源市民政局');
    expect(m.text).toContain('会签期限：2026年6月23日');
    expect(m.text).toContain('- 会签：2026年6月23日（提交会签之日（2026年6月18日）起3个工作日）');
    expect(m.text).toContain('> 九三学社辽源市委员会：你们提出的关于完善治理格局的提案收悉');
    const en = renderMail('countersignRequested', data.countersignRequested, { lang: 'en' });
    expect(en.subject).toBe(
      `[Countersignature requested] 辽源市民政局's draft reply to proposal No. 006 “${EXAMPLE_CASE.title}”: countersign by 23 June 2026`,
    );
    expect(en.text).toContain('the lead unit 辽源市民政局 submitted its joint draft reply');
    expect(en.text).toContain('Countersign by: 23 June 2026');
  });

  it('countersignRequested without a deadline or an excerpt, in a later round', () => {
    const m = renderMail('countersignRequested', {
      ...data.countersignRequested,
      deadline: undefined,
      excerpt: undefined,
      round: 2,
    });
    expect(m.subject).toMatch(/的答复稿请会签$/);
    expect(m.text).toContain('联合答复稿（第2轮办理），拟标注A类，现送贵单位会签。');
    expect(m.text).not.toContain('会签期限');
    expect(m.text).not.toContain('答复稿摘要');
  });

  it('countersignChanges: who asked and the comment, line by line', () => {
    const m = renderMail('countersignChanges', data.countersignChanges);
    expect(m.text).toContain(
      '会办单位辽源市财政局（陈科长）于2026年6月19日对贵单位主办的市政协八届六次会议第006号提案《',
    );
    expect(m.text).toContain('答复稿已退回贵单位。请研究修改后重新提交');
    expect(m.text).toContain('> 第二部分请写明2026年社区工作经费的预算安排，\n> 并删去尚未确定的补助标准。');
    expect(m.html).toContain('第二部分请写明2026年社区工作经费的预算安排，<br>并删去尚未确定的补助标准。');
  });

  it('reviewRequested: the unit, who signed it off, the class and the co-handlers that countersigned', () => {
    const m = renderMail('reviewRequested', data.reviewRequested);
    expect(m.text.startsWith('王主任：')).toBe(true);
    expect(m.text).toContain('的答复已于2026年6月22日由李局长签发，拟标注A类，请予审核。');
    expect(m.text).toContain('请退回重办');
    expect(m.text).toContain('签发人：李局长');
    expect(m.text).toContain('答复类别：A类');
    expect(m.text).toContain('会签单位：辽源市财政局');
    expect(m.text).toContain('Countersigned by: 辽源市财政局');
  });

  it('replyReviewed with the class corrected: 答复类别由A类更正为B类', () => {
    const m = renderMail('replyReviewed', data.replyReviewed);
    expect(m.text).toContain(
      '已经辽源市政协提案委员会于2026年6月24日审核通过，答复类别由A类更正为B类。请及时正式答复提案人。',
    );
    expect(m.text).toContain('答复类别：A类 → B类');
    expect(m.text).toContain('审核意见：社区工作者待遇事项尚需列入明年计划');
    expect(m.text).toContain('correcting its class from A to B');
  });

  it('replyReviewed as proposed: no correction named', () => {
    const m = renderMail('replyReviewed', {
      ...data.replyReviewed,
      classFrom: undefined,
      classTo: undefined,
      note: undefined,
    });
    expect(m.subject).toMatch(/^【答复审核通过】市政协八届六次会议第006号提案/);
    expect(m.text).toContain('于2026年6月24日审核通过。请及时正式答复提案人。');
    expect(m.text).toContain('答复类别：B类');
    expect(m.text).not.toContain('更正');
    expect(m.text).not.toContain('审核意见');
  });

  it('replyReturned: returned with the reason', () => {
    const m = renderMail('replyReturned', data.replyReturned);
    expect(m.text).toContain('经辽源市政协提案委员会于2026年6月23日审核，予以退回。');
    expect(m.text).toContain('退回理由：答复前未与提案人沟通联系，请沟通后重新答复。');
    expect(m.text).toContain('Reason: 答复前未与提案人沟通联系');
  });

  it('draftSignedOff tells the drafter when the office reviews the reply first; unchanged otherwise', () => {
    const plain = renderMail('draftSignedOff', data.draftSignedOff);
    expect(plain.text).toContain('签发，请及时正式答复提案人。');
    expect(plain.text).not.toContain('审核');
    const m = renderMail('draftSignedOff', { ...data.draftSignedOff, toReview: true });
    expect(m.subject).toBe(plain.subject);
    expect(m.text).toContain('签发，现送辽源市政协提案委员会审核；审核通过后，请及时正式答复提案人。');
    expect(m.text).toContain('now goes to 辽源市政协提案委员会 for review');
  });

  describe('outbox kinds (as planMails builds them)', () => {
    // countersignRequested: one kind, due instant = when the draft was made; the office's review
    // mails by handling round, due instant = the instant of the event
    const key = (kind: string, dueAt: string, unitId = 'u2') =>
      outboxDedupeKey({ proposalId: 'p1', unitId, kind, dueAt, recipient: 'cz@example.cn' });

    it('a redraft sent for countersignature again is a new message; a retried one is not', () => {
      const kind = outboxKind('countersignRequested');
      const first = key(kind, '2026-06-18T02:00:00.000Z');
      const redraft = key(kind, '2026-06-20T03:30:00.000Z');
      expect(first).not.toBe(redraft);
      expect(key(kind, '2026-06-18T02:00:00.000Z')).toBe(first);
      // each co-handler its own message
      expect(key(kind, '2026-06-18T02:00:00.000Z', 'u3')).not.toBe(first);
    });

    it.each([
      ['countersignRequested', '会签', 'Countersignature requested'],
      ['countersignChanges', '会签修改意见', 'Changes asked at countersignature'],
      ['reviewRequested.r1', '答复待审核（第1轮）', 'Reply awaiting review (round 1)'],
      ['replyReviewed.r1', '答复审核通过（第1轮）', 'Reply reviewed (round 1)'],
      ['replyReturned.r2', '答复审核退回（第2轮）', 'Reply returned by the office (round 2)'],
    ])('%s reads %s', (kind, zh, en) => {
      expect(outboxKindLabel(kind)).toBe(zh);
      expect(outboxKindLabel(kind, 'en')).toBe(en);
    });
  });
});

describe('notices to proposers: extension and tracking', () => {
  const NPC_CASE = { ...EXAMPLE_CASE, channel: 'npc' as const, assembly: '市人大', number: '建9' };
  // A phone number must never reach a proposer's mail, even if a caller passes more than the type has.
  const PHONE = /1[3-9]\d{9}|\d{3,4}-\d{7,8}/;
  const withoutOfficePhone = (text: string) => text.split(data.extensionNotice.office!.phone!).join('');

  it('extensionNotice: subject and body name the unit, the old and new due dates and the reason', () => {
    const m = renderMail('extensionNotice', data.extensionNotice);
    expect(m.subject).toBe(`【延期告知】您提出的提案《${EXAMPLE_CASE.title}》答复期限延至2026年7月31日`);
    expect(m.text.startsWith('九三学社辽源市委员会：')).toBe(true);
    expect(m.text).toContain(
      '由辽源市民政局承办。经辽源市政协提案委员会于2026年6月20日同意，辽源市民政局的答复期限由2026年6月30日延至2026年7月31日。辽源市民政局将于2026年7月31日前答复您。',
    );
    expect(m.text).toContain('原答复期限：2026年6月30日');
    expect(m.text).toContain('延至：2026年7月31日');
    expect(m.text).toContain('延期理由：涉及多部门协调，同意延期一个月。');
    const en = renderMail('extensionNotice', data.extensionNotice, { lang: 'en' });
    expect(en.subject).toBe(
      `[Extension notice] Your proposal “${EXAMPLE_CASE.title}”: reply deadline extended to 31 July 2026`,
    );
    expect(en.text).toContain('is handled by 辽源市民政局');
    expect(en.text).toContain(
      "On 20 June 2026 辽源市政协提案委员会 approved an extension of the unit's deadline “reply” from 30 June 2026 to 31 July 2026.",
    );
    expect(en.text).toContain('辽源市民政局 will reply to you by 31 July 2026.');
    expect(en.text).toContain('Reason: 涉及多部门协调');
  });

  it.each([
    [{ name: '张三', type: 'deputy' }, '张三代表：', 'Dear Deputy 张三,'],
    [{ name: '李四', type: 'member' }, '李四委员：', 'Dear Member 李四,'],
    [{ name: '王五' }, '王五：', 'Dear 王五,'],
  ] as const)('extensionNotice and trackingUpdate greet %j', (proposer, zh, en) => {
    for (const kind of ['extensionNotice', 'trackingUpdate'] as const) {
      const m = renderMail(kind, { ...data[kind], proposer } as never);
      expect(m.text.startsWith(zh)).toBe(true);
      expect(m.text).toContain(en);
    }
  });

  it('an NPC suggestion: 建议 in the subject, 代表 in the greeting', () => {
    const m = renderMail('extensionNotice', {
      ...data.extensionNotice,
      case: NPC_CASE,
      proposer: { name: '张三', type: 'deputy' },
    });
    expect(m.subject).toBe(`【延期告知】您提出的建议《${EXAMPLE_CASE.title}》答复期限延至2026年7月31日`);
    expect(m.text).toContain('（市人大八届六次会议建9号）');
    const t = renderMail('trackingUpdate', { ...data.trackingUpdate, case: NPC_CASE });
    expect(t.subject).toContain('关于您的建议《');
  });

  it('extensionNotice without a reason or decision date, for another clock', () => {
    const m = renderMail('extensionNotice', {
      ...data.extensionNotice,
      clock: 'rehandling',
      reason: undefined,
      decidedAt: undefined,
    });
    expect(m.subject).toContain('重新办理答复期限延至2026年7月31日');
    expect(m.text).toContain('经辽源市政协提案委员会同意，辽源市民政局的重新办理答复期限由2026年6月30日');
    expect(m.text).not.toContain('延期理由');
    expect(m.text).toContain(
      ". 辽源市政协提案委员会 approved an extension of the unit's deadline “re-handling reply”",
    );
    expect(m.text).toContain('will reply to you by 31 July 2026');
    expect(m.text).not.toContain('Reason');
  });

  it('extensionNotice of a deadline other than a reply, with no office named', () => {
    const m = renderMail('extensionNotice', { ...data.extensionNotice, clock: 'contact', office: undefined });
    expect(m.text).toContain('经交办机关于2026年6月20日同意');
    expect(m.text).toContain('辽源市民政局将于2026年7月31日前完成沟通联系。');
    expect(m.text).toContain('On 20 June 2026 the assigning office approved');
  });

  it('trackingUpdate still being carried out: report number, excerpt and the next report due', () => {
    const m = renderMail('trackingUpdate', data.trackingUpdate);
    expect(m.text).toContain(
      '辽源市民政局在答复（B类）中作出了办理承诺，并于2026年12月15日报送第1次跟踪落实情况报告。据报告，所承诺事项尚在落实中。辽源市民政局将于2027年6月30日前报送下一次跟踪落实情况。',
    );
    expect(m.text).toContain('跟踪报告：第1次');
    expect(m.text).toContain('落实情况：尚在落实');
    expect(m.text).toContain('下次报告期限：2027年6月30日');
    expect(m.text).toContain('> 社区公共服务事项准入制度已起草完毕');
    const en = renderMail('trackingUpdate', data.trackingUpdate, { lang: 'en' });
    expect(en.subject).toBe(
      `[Follow-up on a commitment] 辽源市民政局, report 1 on your proposal “${EXAMPLE_CASE.title}”: still being carried out`,
    );
    expect(en.text).toContain('In its reply (class B) to your proposal');
    expect(en.text).toContain(', 辽源市民政局 made a commitment.');
    expect(en.text).toContain('On 15 December 2026 it sent its tracking report No. 1');
    expect(en.text).toContain('Next report due: 30 June 2027');
  });

  it('trackingUpdate carried out: 已落实, no next report', () => {
    const m = renderMail('trackingUpdate', {
      ...data.trackingUpdate,
      reportNo: 2,
      resolved: true,
      nextDueAt: undefined,
      replyClass: undefined,
      reportedAt: '2027-06-20T10:00:00+08:00',
    });
    expect(m.subject).toMatch(/的第2次报告：已落实$/);
    expect(m.text).toContain(
      '在答复中作出了办理承诺，并于2027年6月20日报送第2次跟踪落实情况报告。据报告，所承诺事项已落实。',
    );
    expect(m.text).not.toContain('下次报告');
    expect(m.text).not.toContain('Next report');
    expect(m.text).toContain('the commitment is carried out.');
  });

  it.each(['extensionNotice', 'trackingUpdate'] as const)(
    '%s carries no phone number of the proposer',
    (kind) => {
      const d = {
        ...data[kind],
        proposer: { name: '张三', type: 'deputy', phone: '13800138000', mobile: '0437-3339999' },
        recipientName: '张三',
      };
      for (const lang of ['zh-CN', 'en'] as const) {
        const m = renderMail(kind, d as never, { lang });
        expect(withoutOfficePhone(m.subject)).not.toMatch(PHONE);
        expect(withoutOfficePhone(m.text)).not.toMatch(PHONE);
        expect(withoutOfficePhone(m.html)).not.toMatch(PHONE);
      }
      // without an office phone there is no phone at all
      const bare = renderMail(kind, { ...d, office: { name: '辽源市政协提案委员会' } } as never);
      expect(bare.text).not.toMatch(PHONE);
      expect(bare.text).not.toContain('电话');
    },
  );
});

describe('outbox kinds of the notices to proposers (as planMails builds them)', () => {
  // planMails: outboxKind('extensionNotice', <new due day yyyymmdd>, clock), dueAt = the new due
  // instant; outboxKind('trackingUpdate', `n${reportNo}`), dueAt = the instant of the report.
  const key = (kind: string, dueAt: string, recipient = 'zhangsan@example.cn') =>
    outboxDedupeKey({ proposalId: 'p1', unitId: 'u1', kind, dueAt, recipient });

  it('two extensions of one clock are two messages; the same extension again is one', () => {
    const first = outboxKind('extensionNotice', '20260731', 'mainReply');
    const second = outboxKind('extensionNotice', '20260831', 'mainReply');
    expect(first).not.toBe(second);
    expect(key(first, '2026-07-31T16:00:00.000Z')).not.toBe(key(second, '2026-08-31T16:00:00.000Z'));
    expect(key(first, '2026-07-31T16:00:00.000Z')).toBe(key(first, '2026-07-31T16:00:00.000Z'));
    // both details read back: the clock and the day it was extended to
    expect(parseOutboxKind(first)).toMatchObject({
      kind: 'extensionNotice',
      clock: 'mainReply',
      day: '2026-07-31',
    });
    expect(outboxKindLabel(first)).toBe('延期告知（答复，延至2026-07-31）');
  });

  it("a drill's reminders in minutes keep their own kind and label", () => {
    const two = outboxKind('deadlineReminder', reminderOffsetPart(2 / 1440), 'mainReply');
    const four = outboxKind('deadlineReminder', reminderOffsetPart(4 / 1440), 'mainReply');
    expect(two).toBe('deadlineReminder.2m.mainReply');
    expect(two).not.toBe(four);
    expect(reminderOffsetPart(3)).toBe('3d');
    expect(parseOutboxKind(two)).toMatchObject({
      kind: 'deadlineReminder',
      minutesBefore: 2,
      clock: 'mainReply',
    });
    expect(outboxKindLabel(two)).toBe('到期提醒（答复，提前2分钟）');
  });

  it('tracking reports 1 and 2 are two messages; a retried report is one', () => {
    const one = outboxKind('trackingUpdate', 'n1');
    const two = outboxKind('trackingUpdate', 'n2');
    expect(one).toBe('trackingUpdate.n1');
    expect(one).not.toBe(two);
    // even were two reports filed in the same millisecond
    expect(key(one, '2026-12-15T02:00:00.000Z')).not.toBe(key(two, '2026-12-15T02:00:00.000Z'));
    expect(key(one, '2026-12-15T02:00:00.000Z')).toBe(key(one, '2026-12-15T02:00:00.000Z'));
  });
});

describe('dailyDigest', () => {
  it('lists overdue and due-this-week cases, earliest first', () => {
    const d = data.dailyDigest;
    const later = {
      ...d.overdue[0],
      case: { ...EXAMPLE_CASE, number: '031', title: '较晚的提案' },
      dueAt: '2026-07-01T16:00:00.000Z',
    };
    const m = renderMail('dailyDigest', { ...d, overdue: [later, ...d.overdue] });
    expect(m.subject).toBe('【督办日报】2026年7月3日：逾期2件，本周到期1件');
    expect(m.text.indexOf('第006号')).toBeLessThan(m.text.indexOf('第031号'));
    expect(m.text).toContain('已逾期3天');
    expect(m.text).toContain('已逾期2天');
    expect(m.text).toContain('还剩2天');
    expect(m.html).toContain('<th>承办单位</th>');
  });

  it('says 无 for an empty list', () => {
    const m = renderMail('dailyDigest', { ...data.dailyDigest, overdue: [], dueThisWeek: [] });
    expect(m.subject).toBe('【督办日报】2026年7月3日：逾期0件，本周到期0件');
    expect(m.text).toContain('【逾期事项（0件）】\n\n无');
    expect(m.text).toContain('None');
  });
});
