import type { DeadlineRule } from '../deadlines/types';
import type { ClockId, StartEvent } from '../vocabulary/index';
import {
  DEFAULT_VALUE_NOTE,
  type ClockSpec,
  type EscalationTarget,
  type JurisdictionPolicy,
  type PolicySource,
  type ReplyClass,
} from './types';

// Sources are the references of domain.md (R1, R2, R9, R10, R11, R19, R20, R21, R23, R27, R50) plus
// texts found while re-checking them. Most are third-party mirrors; where the official title could
// not be read it says so instead of guessing.
const R1: PolicySource = {
  title: '中华人民共和国全国人民代表大会和地方各级人民代表大会代表法（2025年修正）',
  url: 'https://github.com/LawRefBook/Laws/blob/cbdedcf42dd829d9bbfd95ba361bf21f6869b82c/宪法相关法/全国人民代表大会和地方各级人民代表大会代表法(2025-03-11).md',
  article: '第五十一条',
};
const R2: PolicySource = {
  title: '全国人大代表建议答复分类标注（第三方镜像）',
  url: 'http://www.hhrd.net/html/rdzs/2007-11-14/07111491944KKJ1KJ2H7D13191K95I2_2.html',
};
const R9: PolicySource = {
  title: '福建省人民代表大会代表建议、批评和意见办理工作规定（2025年修订前文本，第三方镜像）',
  url: 'http://www.fymate.net/html/text/lar/168024/16802405_2.html',
};
const R10: PolicySource = {
  title: '四川省人民政府办理人大代表建议和政协提案办法（2024，第三方镜像）',
  url: 'https://m.pouringspot.com/10462/10464/13298/13299/2024/1/8/8c4a71599f6940e8993520b56f15136b.shtml',
};
const R11: PolicySource = {
  title: '山东省人民政府办公厅关于印发《办理人大代表建议和政协提案办法》的通知（第三方镜像）',
  url: 'http://www.fymate.net/html/text/lar/168768/16876868_1.html',
};
const R23: PolicySource = {
  title: '广州市办理人大代表建议和政协提案工作规定（第三方镜像，名称以官方文本为准）',
  url: 'https://code.fabao365.com/law_581143_2.html',
};
const R27: PolicySource = {
  title: '玉林市人民政府办公室关于办理市五届人大六次会议代表建议的通知（玉政办电〔2019〕11号）',
  url: 'http://www.yulin.gov.cn/zcwj/yzbd/t8706881.shtml',
};
const R19: PolicySource = {
  title: '杭州市人民政府办公厅：2022年建议提案办理及相关情况（2023-07-14）',
  url: 'https://www.hangzhou.gov.cn/art/2023/7/14/art_1229505913_4183404.html',
};
const R20: PolicySource = {
  title:
    '杭州市人民政府关于市十四届人大五次会议代表建议办理情况的报告（2025-12-29，杭州网转载；标题据正文概括）',
  url: 'https://z.hangzhou.com.cn/2025/rddssychy/content/content_9151392.html',
};
const R21: PolicySource = {
  title: '杭州市人民政府办理人大代表建议和政协提案工作规则（杭政办〔2019〕1号，第三方镜像）',
  url: 'http://hzldzy.com/detail-4639.html',
};
// Binds NPC suggestions at every level in Zhejiang, Hangzhou included (Art. 42–43).
const ZJ_DEPUTIES: PolicySource = {
  title:
    '浙江省实施《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》办法（2016年修正文本，第三方镜像 LawRefBook；此后是否再修正未核实）',
  url: 'https://github.com/LawRefBook/Laws/blob/79f1a0f926430fd1161dfc154634e782c85bd579/DLC/浙江地方法规/地方性法规/浙江/浙江省实施《全国人民代表大会和地方各级人民代表大会代表法》办法(2016-05-27).md',
};
const R50: PolicySource = {
  title: '凤阳县建议提案办理相关规定（第三方镜像，名称以官方文本为准）',
  url: 'http://www.ahfyzx.gov.cn/content/detail/5742ccdd729fcaff14166a6b.html',
};

const at = (s: PolicySource, article: string): PolicySource => ({ ...s, article });

const NATIONAL_CLASSES: ReplyClass[] = [
  { code: 'A', label: '所提问题已经解决或基本解决', labelEn: 'solved or basically solved' },
  { code: 'B', label: '所提问题正在解决或已列入计划逐步解决', labelEn: 'being solved, or planned' },
  {
    code: 'C',
    label: '所提问题因目前条件限制需以后解决',
    labelEn: 'to be solved later, when conditions allow',
  },
  { code: 'D', label: '所提问题留作参考', labelEn: 'kept for reference' },
];

const months = (n: number): DeadlineRule => ({ kind: 'months', months: n });
const days = (n: number): DeadlineRule => ({ kind: 'calendarDays', days: n });
const workingDays = (n: number): DeadlineRule => ({ kind: 'workingDays', days: n });

const LONG: number[] = [14, 7, 3, 1];
const MEDIUM: number[] = [7, 3, 1];
const SHORT: number[] = [2, 1];
const ALL: EscalationTarget[] = ['unitLeader', 'office', 'supervisor'];

function clock(
  startsAt: StartEvent,
  rule: DeadlineRule,
  reminders: number[],
  escalateTo: EscalationTarget[],
  extra: Partial<ClockSpec> = {},
): ClockSpec {
  return { startsAt, rule, reminders, escalateTo, ...extra };
}

const dflt = { note: DEFAULT_VALUE_NOTE };

/**
 * Values for clocks a source is silent on. Each is marked DEFAULT_VALUE_NOTE; the choice follows
 * the most common rule in domain.md §3 (e.g. co-handler 1 month as in Fujian and Ningbo,
 * publication 20 working days as in Anhui).
 */
function defaultClocks(mainStart: StartEvent = 'assigned'): Record<ClockId, ClockSpec> {
  return {
    signFor: clock('assigned', workingDays(3), [1], ['office'], dflt),
    adjustmentWindow: clock('received', days(7), SHORT, ['office'], dflt),
    adjustmentDecision: clock('adjustmentRequested', days(7), SHORT, ['supervisor'], dflt),
    coOpinion: clock('assigned', months(1), MEDIUM, ['unitLeader', 'office'], dflt),
    // used only where the case replies jointly (联合行文)
    countersign: clock('draftSubmitted', workingDays(5), [1], ['unitLeader', 'office'], dflt),
    contact: clock('assigned', workingDays(15), [3, 1], ['unitLeader'], dflt),
    mainReply: clock(mainStart, months(3), LONG, ALL, {
      ...dflt,
      complex: clock(mainStart, months(6), LONG, ALL, dflt),
    }),
    mainReplyCap: clock(mainStart, months(6), [], ['office', 'supervisor'], dflt),
    feedback: clock('replied', workingDays(15), [3, 1], ['office'], dflt),
    rehandling: clock('rehandlingStarted', months(1), MEDIUM, ALL, dflt),
    // the longest an approved extension may take a re-handling reply: no source sets one
    rehandlingCap: clock('rehandlingStarted', months(3), [], ['office', 'supervisor'], dflt),
    trackingReport: clock('replied', months(6), [14, 7], ['unitLeader', 'office'], dflt),
    publication: clock('replied', workingDays(20), [3, 1], ['office'], dflt),
  };
}

// The Deputies Law binds every level for NPC suggestions; CPPCC proposals have no such statute,
// so a policy covering both channels cites the law for NPC and marks the CPPCC value a default.
function deputiesLawMainReply(
  startsAt: StartEvent,
  withCppccDefault: boolean,
): Pick<Record<ClockId, ClockSpec>, 'mainReply'> {
  const npcNote = '来源未规定答复期限，人大代表建议适用代表法第五十一条';
  return {
    mainReply: clock(startsAt, months(3), LONG, ALL, {
      source: R1,
      note: npcNote,
      ...(withCppccDefault ? { byChannel: { cppcc: clock(startsAt, months(3), LONG, ALL, dflt) } } : {}),
      complex: clock(startsAt, months(6), LONG, ALL, {
        source: R1,
        note: `${npcNote}（涉及面广、处理难度大的6个月）`,
        ...(withCppccDefault ? { byChannel: { cppcc: clock(startsAt, months(6), LONG, ALL, dflt) } } : {}),
      }),
    }),
  };
}

const FUJIAN_V1: JurisdictionPolicy = {
  id: 'fujian',
  version: 1,
  name: '福建省人大代表建议、批评和意见办理',
  nameEn: "Fujian: provincial NPC deputies' suggestions",
  sources: [R9],
  channels: ['npc'],
  clocks: {
    ...defaultClocks(),
    coOpinion: clock('assigned', months(1), MEDIUM, ['unitLeader', 'office'], {
      source: at(R9, '第二十条'),
      note: '协办单位应当在交办之日起一个月内提出书面意见交主办单位',
    }),
    mainReply: clock('assigned', months(3), LONG, ALL, {
      source: at(R9, '第十九条'),
      note: '交办之日起三个月内办理完毕并书面答复代表',
      complex: clock('assigned', months(6), LONG, ALL, {
        source: at(R9, '第十九条'),
        note: '福建不设复杂件期限：需要延长的经省人大常委会人事代表工作机构同意并书面告知代表，最多延长三个月；此处按延长后的最长期限计',
      }),
    }),
    mainReplyCap: clock('assigned', months(6), [], ['office', 'supervisor'], {
      source: at(R9, '第十九条'),
      note: '延长时间不得超过三个月，须经同意并向代表书面说明情况',
    }),
  },
  contactRequiredBeforeReply: true,
  replyClasses: NATIONAL_CLASSES,
  feedbackNoAnswer: 'recordedAsNoAnswer',
  rehandlingOnBasicallySatisfied: false,
  trackingClasses: ['B', 'C'],
  notes: [
    '承办单位应当密切联系代表，听取代表的意见和要求（第十八条）',
    '分别办理的分别答复；内容相同的可并案办理，但应当分别答复（第二十条）',
    '联名建议逐人答复；代表团建议经设区的市人大常委会或福建省军区转达（第二十一条）',
    '答复分类来源未规定，默认采用全国人大A/B/C/D',
    '本版数字出自2025年修订前文本（第十九条、第二十条）。该规定已于2025年3月25日经省十四届人大常委会第十五次会议修订（公告〔十四届〕第三十六号，自公布之日起施行），修订文本见 http://fujian.gov.cn:85/gate/big5/www.fujian.gov.cn/zwgk/flfg/dfxfg/202504/t20250404_6797164.htm ；但只读到目录和第一至四条，承办期限各条未能读到，无法核对数字是否变化，故未据修订文本改动任何时限',
  ],
};

const POLICIES: JurisdictionPolicy[] = [
  {
    id: 'cn-national',
    version: 1,
    name: '全国人大代表建议办理（代表法）',
    nameEn: "NPC deputies' suggestions, national rules (Deputies Law)",
    sources: [R1, R2],
    channels: ['npc'],
    clocks: {
      ...defaultClocks(),
      mainReply: clock('assigned', months(3), LONG, ALL, {
        source: R1,
        note: '自交办之日起三个月内答复',
        complex: clock('assigned', months(6), LONG, ALL, {
          source: R1,
          note: '涉及面广、处理难度大的，自交办之日起六个月内答复',
        }),
      }),
      mainReplyCap: clock('assigned', months(6), [], ['office', 'supervisor'], {
        source: R1,
        note: '代表法不设延期程序，以复杂件的六个月为最长期限',
      }),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '承办单位应当与代表联系沟通，充分听取意见（第五十一条第二款）',
      '办理情况的报告应当予以公开（第五十一条第三款）',
      '反馈、重新办理、跟踪、公开等时钟代表法未规定，均为默认值',
    ],
  },
  FUJIAN_V1,
  {
    ...FUJIAN_V1,
    version: 2,
    // 第十九条: an extension needs consent and the deputy is told in writing
    notifyProposerOfExtension: true,
    notes: [
      ...FUJIAN_V1.notes!,
      '第2版：批准延期的，同时书面告知代表（第十九条“须经同意并向代表书面说明情况”）；各项时限与第1版相同',
    ],
  },
  {
    id: 'sichuan',
    version: 1,
    name: '四川省人民政府办理人大代表建议和政协提案',
    nameEn: 'Sichuan provincial government: suggestions and proposals (2024)',
    sources: [R10],
    channels: ['npc', 'cppcc'],
    clocks: {
      ...defaultClocks(),
      mainReply: clock('received', months(3), LONG, ALL, {
        source: R10,
        note: '收到人民代表大会会议期间的代表建议之日起3个月内办理完毕',
        byChannel: {
          cppcc: clock('received', months(5), LONG, ALL, {
            source: R10,
            note: '收到政协全体会议期间的提案之日起5个月内办理完毕',
          }),
        },
        closedSession: clock('received', months(3), LONG, ALL, {
          source: R10,
          note: '闭会期间的代表建议、政协提案，收到之日起3个月内办理完毕',
        }),
        complex: clock('received', months(6), LONG, ALL, {
          source: R10,
          note: '涉及面广、处理难度大的，经省政府办公厅同意并报省人大常委会代表工作机构、省政协有关办事工作机构，至迟不超过6个月',
        }),
      }),
      mainReplyCap: clock('received', months(6), [], ['office', 'supervisor'], {
        source: R10,
        note: '至迟不超过6个月办理完毕',
      }),
      rehandling: clock('rehandlingStarted', months(3), MEDIUM, ALL, {
        source: R10,
        note: '对办理结果不满意的重新办理，3个月内再次答复；仍不满意的组织当面协商或专门说明',
      }),
      // a re-handling of three months needs a longer cap than the default's three
      rehandlingCap: clock('rehandlingStarted', months(6), [], ['office', 'supervisor'], dflt),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '答复应当针对建议、提案内容逐条回应',
      '省政府班子成员每年分别领衔办理1件代表建议和1件政协提案',
      '人大代表建议办前联系沟通依代表法第五十一条；答复分类来源未规定，默认采用全国人大A/B/C/D',
      '来源为省政府办法的新闻稿摘要，未载条文号',
      '省人大代表建议另有《四川省人民代表大会代表建议、批评和意见工作条例》（第三方镜像 https://law.lawtime.cn/d727380732474.html ）：只读到第一至五条，办理期限各条未能读到，故人大代表建议的时钟仍按省政府办法，未引该条例条文',
    ],
  },
  {
    id: 'shandong',
    version: 1,
    name: '山东省人民政府办理人大代表建议和政协提案',
    nameEn: 'Shandong provincial government: suggestions and proposals',
    sources: [R11],
    channels: ['npc', 'cppcc'],
    clocks: {
      // The main reply counts from receipt here, so the default long clocks do too.
      ...defaultClocks('received'),
      adjustmentWindow: clock('received', days(5), SHORT, ['office'], {
        source: at(R11, '第六条'),
        note: '确系不属于本单位职责范围的，收到后5日内向交办机关和省政府办公厅说明理由，不得自行转送',
      }),
      mainReply: clock('received', months(3), LONG, ALL, {
        source: at(R11, '第八条'),
        note: '收到后一般应在3个月内作出书面答复；省两会期间的建议提案办理期限为3个月',
      }),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '难以如期办结的应及时向交办机关说明情况；来源未规定最长期限，复杂件与延期上限为默认值（第八条）',
      '会办单位主动向主办单位提交书面办理意见，来源未规定期限（第七条）',
      '答复分类来源未规定，默认采用全国人大A/B/C/D',
    ],
  },
  {
    id: 'yulin',
    version: 1,
    name: '玉林市人民政府办理市人大代表建议',
    nameEn: "Yulin (Guangxi) municipal government: NPC deputies' suggestions (2019)",
    sources: [R27, R1],
    channels: ['npc'],
    clocks: {
      ...defaultClocks(),
      adjustmentWindow: clock('received', workingDays(7), SHORT, ['office'], {
        source: at(R27, '二、（一）'),
        note: '不属于本单位职责的，接到承办通知后7个工作日内退回市政府办公室，注明理由并提出交办意见；逾期不作调整',
      }),
      ...deputiesLawMainReply('assigned', false),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '来源是一次性通知，不是常设规定：玉政办电〔2019〕11号（2019年3月8日）只安排市五届人大六次会议的代表建议办理；其他会次是否沿用7个工作日须另行核实',
      '交办意见有分歧的由市政府办公室协商确定；仍不认同的书面说明，经单位主要领导审签后报市政府领导批示交办',
      '答复分类来源未规定，默认采用全国人大A/B/C/D',
    ],
  },
  {
    id: 'guangzhou',
    version: 1,
    name: '广州市人民政府办理人大代表建议和政协提案',
    nameEn: 'Guangzhou municipal government: suggestions and proposals',
    sources: [R23, R1],
    channels: ['npc', 'cppcc'],
    clocks: {
      ...defaultClocks(),
      adjustmentDecision: clock('adjustmentRequested', days(7), SHORT, ['supervisor'], {
        source: at(R23, '第十二条'),
        note: '市府办公厅自收到调整意见之日起7日内以书面形式或通过电子政务网回复',
      }),
      ...deputiesLawMainReply('assigned', true),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '承办单位主要领导每年牵头办理1件以上，并在交办之日起10日内书面告知交办单位和市府办公厅（第十三条）；该期限不属于上列时钟',
      '问题不明确的应当主动与建议人、提案人联系沟通；办结后单位领导邀请建议人、提案人集中见面座谈（第十三条）',
      '答复分类来源未规定，默认采用全国人大A/B/C/D',
    ],
  },
  {
    id: 'fengyang',
    version: 1,
    name: '凤阳县建议提案办理',
    nameEn: 'Fengyang county: suggestions and proposals',
    sources: [R50, R1],
    channels: ['npc', 'cppcc'],
    clocks: {
      ...defaultClocks(),
      coOpinion: clock(
        'assigned',
        { kind: 'offsetBefore', clock: 'mainReply', days: 20 },
        MEDIUM,
        ['unitLeader', 'office'],
        {
          source: R50,
          note: '会办单位在主办单位答复期限前20日提出会办意见。该数字的来源未找到：domain.md 所引页面（R50）未能读到，检索也未找到原文，数值保留待核实',
        },
      ),
      ...deputiesLawMainReply('assigned', true),
    },
    contactRequiredBeforeReply: true,
    replyClasses: NATIONAL_CLASSES,
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B', 'C'],
    notes: [
      '全部办结后1个月内开展承办单位评价；该期限不属于上列时钟',
      '目标：面商率100%，满意率98%',
      'R50 页面未能读到：以上凤阳县数字（会办意见前20日、评价1个月、面商率和满意率目标）均未能对照原文核实',
      '答复分类来源未规定，默认采用全国人大A/B/C/D',
    ],
  },
  {
    id: 'hangzhou',
    version: 1,
    name: '杭州市人大代表建议办理',
    nameEn: "Hangzhou: municipal NPC deputies' suggestions",
    sources: [at(ZJ_DEPUTIES, '第四十三条'), R20, R19, R21, R1],
    channels: ['npc'],
    clocks: {
      ...defaultClocks(),
      mainReply: clock('assigned', months(3), LONG, ALL, {
        source: at(ZJ_DEPUTIES, '第四十三条'),
        note: '自交办之日起三个月内书面答复代表（与代表法第五十一条相同）',
        complex: clock('assigned', months(6), LONG, ALL, {
          source: at(ZJ_DEPUTIES, '第四十三条'),
          note: '涉及面广、处理难度大的，自交办之日起六个月内书面答复代表',
        }),
      }),
      mainReplyCap: clock('assigned', months(6), [], ['office', 'supervisor'], {
        source: at(ZJ_DEPUTIES, '第四十三条'),
        note: '来源不设延期程序，以复杂件的六个月为最长期限',
      }),
      rehandling: clock('rehandlingStarted', months(1), MEDIUM, ALL, {
        source: at(ZJ_DEPUTIES, '第四十三条'),
        note: '代表对答复不满意的，由原办理机关、组织在一个月内重新办理答复；来源未写明起算点，按重新交办计',
      }),
    },
    contactRequiredBeforeReply: true,
    // The three classes of the Hangzhou government's handling reports (R20).
    replyClasses: [
      { code: 'A', label: '已解决', labelEn: 'solved' },
      { code: 'B', label: '列入解决计划', labelEn: 'planned' },
      { code: 'C', label: '暂缓解决', labelEn: 'deferred' },
    ],
    feedbackNoAnswer: 'recordedAsNoAnswer',
    rehandlingOnBasicallySatisfied: false,
    trackingClasses: ['B'],
    notes: [
      '承办单位应当通过走访、座谈等形式与代表沟通（浙江省实施代表法办法第四十三条）',
      '答复分为三类：已解决（A类）、列入解决计划（B类）、暂缓解决（C类），见杭州市政府2025年办理情况报告；2020年市人大常委会主任会议的报告（https://z.hangzhou.com.cn/2020/rddsschy/content/content_7838729.html ）把C类写作“因客观条件限制暂不能解决，留作参考或另作处理”',
      '跟踪办理类别来源未规定：只跟踪B类（列入解决计划），C类暂缓解决不跟踪',
      '重点建议提案实行承办方、监督方（市人大常委会工作部门）、审核方（市政府办公厅）“三方面复”；市政府报告上网率、面商率（R19）',
      '杭州市人大代表建议处理办法及其2024年修订草案（https://z.hangzhou.com.cn/2024/rddeschy/content/content_8805190_3.html ）和杭政办〔2019〕1号工作规则只读到总则部分，未据以设定时钟；签收、调整、会办、沟通、反馈、跟踪、公开等时钟均为默认值',
      '《浙江省人民代表大会代表建议、批评和意见办理的规定》（LawRefBook 镜像，会办两个月、退回十日等）只适用于省人大代表，不用于市人大代表建议',
    ],
  },
];

/** Whether `id` names a policy shipped with the code (no copy made). */
export function isShippedPolicy(id: string): boolean {
  return POLICIES.some((p) => p.id === id);
}

/** Policies shipped with the code, as fresh copies callers may modify. */
export function shippedPolicies(): JurisdictionPolicy[] {
  return JSON.parse(JSON.stringify(POLICIES)) as JurisdictionPolicy[];
}

/**
 * The shipped policy `id` at `version`, or its highest version when `version` is left out;
 * undefined when there is none. Returns a copy.
 */
export function findPolicy(id: string, version?: number): JurisdictionPolicy | undefined {
  const matches = POLICIES.filter((p) => p.id === id && (version === undefined || p.version === version));
  if (matches.length === 0) return undefined;
  const best = matches.reduce((a, b) => (b.version > a.version ? b : a));
  return JSON.parse(JSON.stringify(best)) as JurisdictionPolicy;
}
