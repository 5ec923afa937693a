import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  channelNotCoveredMessage,
  lifecycleRulesOf,
  type Channel,
  type Jurisdiction,
  type JurisdictionPolicy,
  type PartyKind,
} from '@banli/domain';
import { proposalWorkflowId } from '@banli/temporal';
import type { ProposalWorkflowInput } from '@banli/workflows/activity-contracts';
import { ProposalEntity } from './entities';
import type { JurisdictionStore } from './jurisdiction-store';

/** Stable party id: the same proposer (jurisdiction, kind, name) is one party across cases. */
export function partyId(jurisdiction: string, kind: string, name: string): string {
  const h = createHash('sha256').update(`${jurisdiction}\u0000${kind}\u0000${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A proposal to register: the body of POST /proposals, already validated. */
export interface NewProposal {
  jurisdiction: string;
  channel: Channel;
  term: number;
  session: number;
  number: string;
  duringSession?: boolean;
  title: string;
  content?: string;
  category?: string;
  proposers: { name: string; kind: PartyKind; email?: string; phone?: string }[];
}

/** The proposal is registered already (its business key is taken): the case that has it. */
export class DuplicateProposal extends Error {
  constructor(
    public readonly existingId: string,
    public readonly workflowId: string,
  ) {
    super(`already registered: ${workflowId}`);
  }
}

/** Registration refused for the whole key: an unknown jurisdiction, a channel it does not handle, a missing policy. */
export class RegistrationRefused extends Error {
  constructor(
    public readonly code: 'UNKNOWN_JURISDICTION' | 'CHANNEL_NOT_COVERED' | 'UNKNOWN_POLICY',
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Starts the case workflow of a proposal under its business-key id; `started: false` when the id
 * is in use, with the case id of the workflow that has it.
 */
export type CaseStarter = (
  workflowId: string,
  input: ProposalWorkflowInput,
) => Promise<{ started: true } | { started: false; existingCaseId: string }>;

/** The policy version new cases of a jurisdiction and channel start under; throws when there is none. */
export type RegistrationPolicy = (jurisdiction: string, channel: Channel) => Promise<JurisdictionPolicy>;

/**
 * The policy a new case of `channel` starts under in jurisdiction `id`, from the store; throws
 * RegistrationRefused (UNKNOWN_JURISDICTION, CHANNEL_NOT_COVERED naming the channels it does
 * handle, UNKNOWN_POLICY) with the messages the API gives for POST /proposals.
 */
export function storeRegistrationPolicy(store: JurisdictionStore): RegistrationPolicy {
  return async (id, channel) => (await registrationTargetIn(store, id, channel)).policy;
}

/**
 * Where a new case of `channel` is registered: the jurisdiction `id` and the policy version its new
 * cases start under; throws RegistrationRefused (UNKNOWN_JURISDICTION, CHANNEL_NOT_COVERED naming
 * the channels it does handle, UNKNOWN_POLICY).
 */
export async function registrationTargetIn(
  store: JurisdictionStore,
  id: string,
  channel: Channel,
): Promise<{ jurisdiction: Jurisdiction; policy: JurisdictionPolicy }> {
  const jurisdiction = await store.find(id);
  if (!jurisdiction) {
    throw new RegistrationRefused(
      'UNKNOWN_JURISDICTION',
      `未知的辖区 (unknown jurisdiction): ${id}。可用的见 GET /jurisdictions`,
      { jurisdiction: id },
    );
  }
  if (!jurisdiction.channels.includes(channel)) {
    throw new RegistrationRefused(
      'CHANNEL_NOT_COVERED',
      `${channelNotCoveredMessage(jurisdiction.name, channel, jurisdiction.channels)}，请选择办理该渠道的辖区 (jurisdiction ${id} does not handle channel ${channel})`,
      { jurisdiction: id, channel, covered: jurisdiction.channels },
    );
  }
  const policy = await store.policies.find(jurisdiction.policyId, jurisdiction.policyVersion);
  if (!policy) {
    throw new RegistrationRefused(
      'UNKNOWN_POLICY',
      `辖区 ${id} 的政策 ${jurisdiction.policyId} 第${jurisdiction.policyVersion}版不存在 (the jurisdiction's policy version is missing)`,
      { jurisdiction: id, policyId: jurisdiction.policyId, policyVersion: jurisdiction.policyVersion },
    );
  }
  return { jurisdiction, policy };
}

/**
 * Registration of a proposal, shared by POST /proposals (API) and the bulk import (worker): no
 * Nest, no Temporal client of its own — the caller says how to find the policy and how to start
 * a case workflow. A proposal whose business key is taken is a DuplicateProposal, found in the
 * read model or by the workflow id itself (a case whose row is still being written).
 */
export class ProposalRegistrar {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      policy: RegistrationPolicy;
      startCase: CaseStarter;
    },
  ) {}

  /**
   * Starts the case workflow of a proposal without waiting for its row. The case starts under
   * the policy version its jurisdiction names now. `caseId` (default a new UUID) lets a retried
   * registration recognise its own case: a DuplicateProposal with that existingId is this one.
   */
  async start(
    p: NewProposal,
    opts: { now?: Date; caseId?: string } = {},
  ): Promise<{ id: string; workflowId: string }> {
    const policy = await this.deps.policy(p.jurisdiction, p.channel);
    const key = {
      jurisdiction: p.jurisdiction,
      channel: p.channel,
      term: p.term,
      session: p.session,
      number: p.number,
    };
    const existing = await this.deps.dataSource
      .getRepository(ProposalEntity)
      .findOne({ where: key, select: ['id', 'workflowId'] });
    if (existing) throw new DuplicateProposal(existing.id, existing.workflowId);
    await this.recordParties(p);

    const id = opts.caseId ?? randomUUID();
    const workflowId = proposalWorkflowId(key);
    const input: ProposalWorkflowInput = {
      caseId: id,
      jurisdiction: p.jurisdiction,
      channel: p.channel,
      term: p.term,
      session: p.session,
      number: p.number,
      duringSession: p.duringSession ?? true,
      title: p.title,
      content: p.content ?? null,
      category: p.category ?? null,
      // who, not how to reach them: contact details go to the party table, never into history
      proposers: p.proposers.map((x) => ({
        id: partyId(p.jurisdiction, x.kind, x.name),
        name: x.name,
        kind: x.kind,
      })),
      policy: { id: policy.id, version: policy.version, rules: lifecycleRulesOf(policy) },
      registeredAt: (opts.now ?? new Date()).toISOString(),
    };
    const r = await this.deps.startCase(workflowId, input);
    if (!r.started) throw new DuplicateProposal(r.existingCaseId, workflowId);
    return { id, workflowId };
  }

  /**
   * The proposers as parties (one per jurisdiction, kind and name), with the contact details given
   * now; details left out keep what is on file.
   */
  private async recordParties(p: NewProposal) {
    const rows = p.proposers.map((x) => [
      partyId(p.jurisdiction, x.kind, x.name),
      x.kind,
      x.name,
      x.email || null,
      x.phone || null,
    ]);
    await this.deps.dataSource.query(
      `INSERT INTO \`party\` (\`id\`, \`kind\`, \`name\`, \`email\`, \`phone\`) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE \`email\` = COALESCE(VALUES(\`email\`), \`email\`), \`phone\` = COALESCE(VALUES(\`phone\`), \`phone\`)`,
      rows.flat(),
    );
  }
}
