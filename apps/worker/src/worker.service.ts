import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { BanliConfig, CONFIG } from '@banli/config';
import { describeTemporalTarget, requireSearchAttributes, temporalConnectionOptions } from '@banli/temporal';
import { ACTIVITIES } from './activities.provider';
import { activityObservability, workerRuntimeOptions } from './observability';

/** Where `npm run build` writes the prebuilt workflow bundle used in production. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');

/** After the grace time, how much longer the worker may take before it gives up on a clean stop. */
const FORCE_AFTER_GRACE_MS = 10_000;

/**
 * Where the worker is: `starting` until it polls, `running`, `draining` once asked to stop,
 * `drained` after a clean stop, `failed` when its run ended with an error or by itself.
 */
export type WorkerRunState = 'starting' | 'running' | 'draining' | 'drained' | 'failed';

let runtimeInstalled = false;

/**
 * Hosts the Temporal worker inside the Nest application context. At start it checks that the
 * namespace has Banli's search attributes (else it refuses to start, naming them). Nest owns the
 * signals (enableShutdownHooks): on SIGTERM/SIGINT the worker stops polling and gives in-flight
 * tasks WORKER_SHUTDOWN_GRACE to finish, and only then do the database pool and mailer close.
 * `finished` tells main.ts how the run ended, so the process exits 0 after a clean drain and
 * non-zero when the run failed (a supervisor then restarts it).
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private runState: WorkerRunState = 'starting';
  private failure?: unknown;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  /** Resolves after a requested drain completed cleanly; rejects when the run failed or ended unasked. */
  readonly finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    @Inject(CONFIG) private readonly cfg: BanliConfig,
    @Inject(ACTIVITIES) private readonly activities: object,
  ) {
    // a start-up failure is reported by bootstrap itself; nobody need wait on `finished` then
    this.finished.catch(() => undefined);
  }

  get state(): WorkerRunState {
    return this.runState;
  }

  async onApplicationBootstrap() {
    if (!runtimeInstalled) {
      // Nest handles SIGINT/SIGTERM; the SDK must not shut the worker down behind its back.
      Runtime.install({ shutdownSignals: [], ...workerRuntimeOptions(this.cfg) });
      runtimeInstalled = true;
    }
    const t = this.cfg.temporal;
    this.connection = await NativeConnection.connect(temporalConnectionOptions(t));
    try {
      const check = await requireSearchAttributes(this.connection.operatorService, t.namespace);
      if (!check.checked)
        this.log.warn(
          `未能检查搜索属性，请确认已创建 (could not list the search attributes; make sure they exist): ${check.reason}`,
        );
    } catch (e) {
      await this.connection.close().catch(() => undefined);
      this.runState = 'failed';
      throw e;
    }
    const bundlePath = process.env.BANLI_WORKFLOW_BUNDLE || WORKFLOW_BUNDLE_PATH;
    const useBundle = fs.existsSync(bundlePath) && process.env.BANLI_WORKFLOWS_FROM_SOURCE !== '1';
    const graceMs = this.cfg.worker.shutdownGraceSeconds * 1000;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: t.namespace,
      taskQueue: t.taskQueue,
      activities: this.activities,
      interceptors: { activity: [activityObservability] },
      // on shutdown, in-flight activities get this long before they are cancelled
      shutdownGraceTime: graceMs,
      // and the worker gives up on a clean stop this much later (the run then fails: exit non-zero)
      shutdownForceTime: graceMs + FORCE_AFTER_GRACE_MS,
      // a bounded cache keeps memory flat however many cases are open (see BENCHMARKS.md, footprint)
      maxCachedWorkflows: this.cfg.worker.maxCachedWorkflows,
      ...(useBundle
        ? { workflowBundle: { codePath: bundlePath } }
        : { workflowsPath: require.resolve('../../../workflows') }),
    });
    this.running = this.worker.run();
    this.runState = 'running';
    void this.running.then(
      () => {
        if (this.runState === 'draining') {
          this.runState = 'drained';
          this.settle.resolve();
        } else {
          this.fail(new Error('工作进程未经请求自行停止 (the worker stopped without being asked to)'));
        }
      },
      (e) => this.fail(e),
    );
    this.log.log(
      `polling ${describeTemporalTarget(t)} queue=${t.taskQueue} (${useBundle ? `prebuilt bundle ${bundlePath}` : 'workflows from source'}), shutdown grace ${this.cfg.worker.shutdownGraceSeconds}s, workflow cache ${this.cfg.worker.maxCachedWorkflows}`,
    );
  }

  private fail(e: unknown) {
    const draining = this.runState === 'draining';
    this.runState = 'failed';
    this.failure = e;
    this.log.error(
      `${draining ? '排空未能完成 (the drain did not complete)' : '工作进程运行失败 (the worker run failed)'}: ${(e as Error)?.stack ?? e}`,
    );
    this.settle.reject(e);
  }

  // before, not on, shutdown: in-flight activities still need the database pool and the mailer
  async beforeApplicationShutdown(signal?: string) {
    if (this.worker && this.worker.getState() === 'RUNNING') {
      this.runState = 'draining';
      this.log.log(
        `draining (${signal ?? 'shutdown'}): 停止接收新任务，进行中的任务至多再等 ${this.cfg.worker.shutdownGraceSeconds} 秒 (stopped polling; in-flight tasks get ${this.cfg.worker.shutdownGraceSeconds}s)…`,
      );
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    // a drain that did not complete fails the shutdown, so the process exits non-zero
    if (this.runState === 'failed' && signal) throw this.failure;
    this.log.log(`stopped (${this.runState})`);
  }
}
