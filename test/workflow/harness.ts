/**
 * Shared set-up for workflow tests: the native time-skipping test server, one workflow bundle per
 * test file, and in-memory activities that record every call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Actor, CaseState, LifecycleRules } from '@banli/domain/lifecycle';
import type { ClockId } from '@banli/domain';
import type {
  EmitCaseEventInput,
  PlanDeadlinesInput,
  PlannedDeadline,
  ProjectTransitionInput,
  ProposalActivities,
  ProposalWorkflowInput,
} from '@banli/workflows/activity-contracts';
import { caseStateQuery, proposalWorkflow } from '@banli/workflows/proposal.workflow';

export const TEST_SERVER = path.resolve(__dirname, '../../.tools/venv/bin/temporal-test-server');
export const HISTORIES_DIR = path.resolve(__dirname, 'histories');
export const DAY = 86_400_000;

let runtimeInstalled = false;
/** Keeps worker logs to warnings and errors. */
export function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by another file in this process.
  }
}

export async function bundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}

export const RULES: LifecycleRules = {
  contactRequiredBeforeReply: true,
  replyClasses: ['A', 'B', 'C', 'D'],
  trackingClasses: ['B', 'C'],
  rehandlingOnBasicallySatisfied: false,
  feedbackNoAnswer: 'recordedAsNoAnswer',
};

/** Days from the start event, per clock: a stand-in for the policy engine. */
export const FAKE_POLICY: Partial<Record<ClockId, { event: string[]; days: number }>> = {
  signFor: { event: ['assigned'], days: 5 },
  mainReply: { event: ['assigned'], days: 90 },
  mainReplyCap: { event: ['assigned'], days: 180 },
  contact: { event: ['assigned', 'rehandlingStarted'], days: 30 },
  coOpinion: { event: ['assigned'], days: 30 },
  adjustmentWindow: { event: ['received'], days: 7 },
  feedback: { event: ['replied'], days: 15 },
  rehandling: { event: ['rehandlingStarted'], days: 30 },
  rehandlingCap: { event: ['rehandlingStarted'], days: 60 },
  trackingReport: { event: ['replied'], days: 60 },
  adjustmentDecision: { event: ['adjustmentRequested'], days: 7 },
  countersign: { event: ['draftSubmitted'], days: 5 },
  publication: { event: ['replied'], days: 20 },
};

/** In-memory activities recording each call. */
export class FakeActivities {
  plans: PlanDeadlinesInput[] = [];
  projections: ProjectTransitionInput[] = [];
  events: EmitCaseEventInput[] = [];
  recorded: ProposalWorkflowInput[] = [];

  activities(): ProposalActivities {
    return {
      recordProposal: async (input) => {
        this.recorded.push(input);
      },
      planDeadlines: async (input) => {
        this.plans.push(input);
        const start = Date.parse(input.startAt);
        return input.clocks
          .filter((c) => FAKE_POLICY[c]?.event.includes(input.startEvent))
          .map((clock): PlannedDeadline => ({
            startEvent: input.startEvent,
            startAt: input.startAt,
            clock,
            dueAt: new Date(start + FAKE_POLICY[clock]!.days * DAY).toISOString(),
            summary: `${FAKE_POLICY[clock]!.days} 日，自 ${input.startEvent} ${input.startAt} 起算`,
            explanation: { days: FAKE_POLICY[clock]!.days, from: input.startAt },
          }));
      },
      projectTransition: async (input) => {
        this.projections.push(input);
      },
      emitCaseEvent: async (input) => {
        this.events.push(input);
        return { queued: 0 };
      },
    };
  }

  eventsOf(caseId: string, filter: Partial<EmitCaseEventInput> = {}) {
    return this.events
      .filter((e) => e.caseId === caseId)
      .sort((a, b) => a.seq - b.seq)
      .filter((e) =>
        Object.entries(filter).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
      );
  }
}

export interface Harness {
  env: TestWorkflowEnvironment;
  fake: FakeActivities;
  taskQueue: string;
  workflowBundle: WorkflowBundleWithSourceMap;
  stop(): Promise<void>;
}

/**
 * Starts the test server and a worker with the fake activities; `overrides` replaces some of
 * them (e.g. the real deadline planner over the shipped policies).
 */
export async function startHarness(
  taskQueue: string,
  overrides: Partial<ProposalActivities> = {},
): Promise<Harness> {
  quietRuntime();
  const [env, workflowBundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEST_SERVER } },
    }),
    bundle(),
  ]);
  const fake = new FakeActivities();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: { ...fake.activities(), ...overrides },
  });
  const running = worker.run();
  return {
    env,
    fake,
    taskQueue,
    workflowBundle,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

let counter = 0;

/** Starts a case workflow; returns its handle and case id. */
export async function startCase(
  h: Harness,
  opts: {
    proposers?: { id: string; name: string }[];
    rules?: Partial<LifecycleRules>;
    number?: string;
    historyLimit?: number;
    /** Upsert search attributes (the server must know them: see registerSearchAttributes). */
    searchAttributes?: boolean;
    /** A real policy (with the real planner); default the made-up test policy. */
    policy?: { id: string; version: number; rules: LifecycleRules };
    channel?: 'npc' | 'cppcc';
    /** Registration instant (default: now), e.g. a past case entered afterwards. */
    registeredAt?: string;
  } = {},
): Promise<{ handle: WorkflowHandle<typeof proposalWorkflow>; caseId: string }> {
  counter += 1;
  const number = opts.number ?? String(counter).padStart(3, '0');
  const caseId = `case-${h.taskQueue}-${number}`;
  const input: ProposalWorkflowInput = {
    caseId,
    jurisdiction: 'test',
    channel: opts.channel ?? 'cppcc',
    term: 14,
    session: 2,
    number,
    title: `关于第 ${number} 号的提案`,
    proposers: opts.proposers ?? [{ id: 'p1', name: '张委员' }],
    policy: opts.policy ?? { id: 'test-policy', version: 1, rules: { ...RULES, ...opts.rules } },
    registeredAt: opts.registeredAt ?? new Date(await h.env.currentTimeMs()).toISOString(),
    searchAttributes: opts.searchAttributes ?? false,
    ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
  };
  const handle = await h.env.client.workflow.start(proposalWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `proposal:test:cppcc:14-2:${number}:${h.taskQueue}`,
    args: [input],
  });
  return { handle, caseId };
}

// Actors
export const office: Actor = { id: 'office-1', role: 'office' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
export const clerk = (unitId: string): Actor => ({ id: `${unitId}-clerk`, role: 'unit', unitId });
export const leader = (unitId: string): Actor => ({ id: `${unitId}-leader`, role: 'unitLeader', unitId });
export const proposer = (id: string): Actor => ({ id, role: 'proposer' });

export const state = (handle: WorkflowHandle) => handle.query(caseStateQuery) as Promise<CaseState>;

/** Server (virtual) time as an ISO instant. */
export async function serverNow(h: Harness): Promise<string> {
  return new Date(await h.env.currentTimeMs()).toISOString();
}

/** Server time plus `days`, ISO. */
export async function daysFromNow(h: Harness, days: number): Promise<string> {
  return new Date((await h.env.currentTimeMs()) + days * DAY).toISOString();
}

/** Writes a run's history to test/workflow/histories/<name>.json when BANLI_RECORD_HISTORIES=1. */
export async function maybeRecordHistory(handle: WorkflowHandle, name: string) {
  if (process.env.BANLI_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}
