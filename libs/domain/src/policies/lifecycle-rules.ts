import type { LifecycleRules } from '../lifecycle/types';
import type { JurisdictionPolicy } from './types';

/** The part of a jurisdiction policy the case lifecycle enforces (a case carries it from registration). */
export function lifecycleRulesOf(policy: JurisdictionPolicy): LifecycleRules {
  return {
    contactRequiredBeforeReply: policy.contactRequiredBeforeReply,
    replyClasses: policy.replyClasses.map((c) => c.code),
    trackingClasses: [...policy.trackingClasses],
    rehandlingOnBasicallySatisfied: policy.rehandlingOnBasicallySatisfied,
    feedbackNoAnswer: policy.feedbackNoAnswer,
    leadWaitsForCoOpinions: policy.leadWaitsForCoOpinions ?? true,
  };
}
