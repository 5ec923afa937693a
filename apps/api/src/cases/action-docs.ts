import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { UserRole } from '@banli/persistence';
import { Roles } from '../auth/decorators';
import { ActionResultDto } from './case-actions.dto';
import { codesByStatus } from '../temporal/refusals';

/** Problems every case action can answer besides its own refusals. */
const COMMON: [number, string][] = [
  [404, 'NOT_FOUND: 案件不存在或不在您的权限范围内 (no such case, or not yours to see)'],
  [400, 'VALIDATION_FAILED: 请求内容有误，含未知字段（如 actor）'],
  [409, 'CASE_ENDED: 案件流程已结束'],
  [
    503,
    'TEMPORAL_UNAVAILABLE / WORKER_UNAVAILABLE / DEADLINE_PLANNING_FAILED / DATABASE_UNAVAILABLE: 办理服务暂不可用',
  ],
  [504, 'ACTION_TIMEOUT: 工作进程已接收但未在时限内完成'],
];

/**
 * OpenAPI and access for one case action: who may call it, what it returns, and each refusal code
 * it can answer, grouped under the status refusals.ts gives it.
 */
export function CaseAction(
  summary: string,
  roles: UserRole[],
  refusals: string[],
  extra: [number, string][] = [],
) {
  const described = new Map<number, string[]>();
  for (const [status, codes] of codesByStatus(refusals))
    described.set(status, [`${codes.join(' / ')} (工作流拒绝 refused by the workflow)`]);
  for (const [status, text] of [...COMMON, ...extra])
    described.set(status, [...(described.get(status) ?? []), text]);
  return applyDecorators(
    HttpCode(200),
    Roles(...roles),
    ApiOperation({
      summary,
      description: `角色 (roles): ${roles.join(', ')}。操作人取自访问令牌，不可在请求中指定。`,
    }),
    ApiOkResponse({
      type: ActionResultDto,
      description:
        '已受理：操作后的案件序号与概要（列表与详情由投影异步更新，实时状态见 GET /proposals/{id}/state）',
    }),
    ...[...described]
      .filter(([, texts]) => texts.length)
      .map(([status, texts]) => ApiResponse({ status, description: texts.join('; ') })),
  );
}
