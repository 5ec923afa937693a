import type { ScoringScheme } from './types';

/**
 * Scoring schemes shipped with the code, by jurisdiction policy. A jurisdiction without one has
 * no ranking: scoring is optional. Fengyang's targets come from its rules [R50] (面商率 100%,
 * 满意率 98%); the weights and deductions are this project's example, to be set from a local
 * 考核办法 (a new version per change, as with policies).
 */
const SCHEMES: ScoringScheme[] = [
  {
    policyId: 'fengyang',
    version: 1,
    name: '凤阳县承办单位办理工作评分（示例分值）',
    sources: [
      {
        title: '凤阳县建议提案办理相关规定（第三方镜像，名称以官方文本为准）',
        url: 'http://www.ahfyzx.gov.cn/content/detail/5742ccdd729fcaff14166a6b.html',
      },
    ],
    fullMarks: 100,
    items: [
      { label: '按时办复率', rate: 'onTimeRate', points: 30 },
      { label: '办复率', rate: 'replyRate', points: 20 },
      { label: '面商率', rate: 'faceToFaceRate', points: 20, target: 1, perPointBelow: 1 },
      { label: '满意率', rate: 'satisfactionFinal', points: 30, target: 0.98, perPointBelow: 1 },
    ],
    deductions: [
      { label: '当前逾期事项', count: 'overdueNow', pointsEach: 1, max: 10 },
      { label: '最终不满意', count: 'dissatisfiedFinal', pointsEach: 1, max: 10 },
    ],
    notes: ['目标值来自凤阳县规定（面商率100%，满意率98%）；各项分值与扣分为示例，须按本地考核办法配置'],
  },
];

/** Shipped schemes, as fresh copies. */
export function shippedScoringSchemes(): ScoringScheme[] {
  return JSON.parse(JSON.stringify(SCHEMES)) as ScoringScheme[];
}

/** The scheme of a jurisdiction policy (its highest version), or undefined when it has none. */
export function findScoringScheme(policyId: string): ScoringScheme | undefined {
  return shippedScoringSchemes()
    .filter((s) => s.policyId === policyId)
    .sort((a, b) => b.version - a.version)[0];
}
