import { HttpStatus } from '@nestjs/common';
import type { Channel, Jurisdiction, JurisdictionPolicy } from '@banli/domain';
import { RegistrationRefused, registrationTargetIn, type JurisdictionStore } from '@banli/persistence';
import { BanliProblem } from '../common/problem';

/**
 * Where a new case of `channel` is registered: the jurisdiction `id` and the policy version its new
 * cases start under. Refuses an unknown jurisdiction (422 UNKNOWN_JURISDICTION), a channel the
 * jurisdiction does not handle (422 CHANNEL_NOT_COVERED, naming the channels it does) and a missing
 * policy version (422 UNKNOWN_POLICY) — the same refusals the import workflow records per row.
 */
export async function registrationTarget(
  store: JurisdictionStore,
  id: string,
  channel: Channel,
): Promise<{ jurisdiction: Jurisdiction; policy: JurisdictionPolicy }> {
  try {
    return await registrationTargetIn(store, id, channel);
  } catch (err) {
    if (err instanceof RegistrationRefused)
      throw new BanliProblem(HttpStatus.UNPROCESSABLE_ENTITY, err.code, err.message, err.extra);
    throw err;
  }
}
