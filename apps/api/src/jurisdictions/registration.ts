import { HttpStatus } from '@nestjs/common';
import {
  channelNotCoveredMessage,
  type Channel,
  type Jurisdiction,
  type JurisdictionPolicy,
} from '@banli/domain';
import type { JurisdictionStore } from '@banli/persistence';
import { BanliProblem } from '../common/problem';

/**
 * Where a new case of `channel` is registered: the jurisdiction `id` and the policy version its new
 * cases start under. Refuses an unknown jurisdiction (422 UNKNOWN_JURISDICTION) and a channel the
 * jurisdiction does not handle (422 CHANNEL_NOT_COVERED, naming the channels it does).
 */
export async function registrationTarget(
  store: JurisdictionStore,
  id: string,
  channel: Channel,
): Promise<{ jurisdiction: Jurisdiction; policy: JurisdictionPolicy }> {
  const jurisdiction = await store.find(id);
  if (!jurisdiction) {
    throw new BanliProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'UNKNOWN_JURISDICTION',
      `未知的辖区 (unknown jurisdiction): ${id}。可用的见 GET /jurisdictions`,
      { jurisdiction: id },
    );
  }
  if (!jurisdiction.channels.includes(channel)) {
    throw new BanliProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'CHANNEL_NOT_COVERED',
      `${channelNotCoveredMessage(jurisdiction.name, channel, jurisdiction.channels)}，请选择办理该渠道的辖区 (jurisdiction ${id} does not handle channel ${channel})`,
      { jurisdiction: id, channel, covered: jurisdiction.channels },
    );
  }
  const policy = await store.policies.find(jurisdiction.policyId, jurisdiction.policyVersion);
  if (!policy) {
    throw new BanliProblem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'UNKNOWN_POLICY',
      `辖区 ${id} 的政策 ${jurisdiction.policyId} 第${jurisdiction.policyVersion}版不存在 (the jurisdiction's policy version is missing)`,
      { jurisdiction: id, policyId: jurisdiction.policyId, policyVersion: jurisdiction.policyVersion },
    );
  }
  return { jurisdiction, policy };
}
