import type { LifecycleRules } from '../lifecycle/types';
import type { JurisdictionPolicy } from './types';

/**
 * Joint handling: whether the lead waits for every co-handler's opinion (or its deadline) before it
 * submits its reply — as a policy, or the rules taken from it, say; yes when they say nothing. The
 * one default of this rule: rules carried by cases registered before it existed have no value.
 */
export function leadWaitsForCoOpinionsOf(r: Pick<LifecycleRules, 'leadWaitsForCoOpinions'>): boolean {
  return r.leadWaitsForCoOpinions ?? true;
}

/** The part of a jurisdiction policy the case lifecycle enforces (a case carries it from registration). */
export function lifecycleRulesOf(policy: JurisdictionPolicy): LifecycleRules {
  return {
    contactRequiredBeforeReply: policy.contactRequiredBeforeReply,
    replyClasses: policy.replyClasses.map((c) => c.code),
    trackingClasses: [...policy.trackingClasses],
    rehandlingOnBasicallySatisfied: policy.rehandlingOnBasicallySatisfied,
    feedbackNoAnswer: policy.feedbackNoAnswer,
    leadWaitsForCoOpinions: leadWaitsForCoOpinionsOf(policy),
    notifyProposerOfExtension: policy.notifyProposerOfExtension === true,
    trackingRepeats: policy.clocks.trackingReport?.repeat !== undefined,
    ...(policy.jointReply ? { jointReply: true } : {}),
    ...(policy.officeReview ? { officeReview: true } : {}),
  };
}
