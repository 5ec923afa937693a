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
import { temporalConnectionOptions } from '@banli/temporal';
import { ACTIVITIES } from './activities.provider';

/** Where `npm run build` writes the prebuilt workflow bundle used in production. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');

let runtimeInstalled = false;

/**
 * Hosts the Temporal worker inside the Nest application context. Nest owns the signals
 * (enableShutdownHooks): on SIGTERM the worker stops polling, finishes its in-flight tasks,
 * and only then do the database pool and mailer close.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(CONFIG) private readonly cfg: BanliConfig,
    @Inject(ACTIVITIES) private readonly activities: object,
  ) {}

  async onApplicationBootstrap() {
    if (!runtimeInstalled) {
      // Nest handles SIGINT/SIGTERM; the SDK must not shut the worker down behind its back.
      Runtime.install({ shutdownSignals: [] });
      runtimeInstalled = true;
    }
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.cfg.temporal));
    const bundlePath = process.env.BANLI_WORKFLOW_BUNDLE || WORKFLOW_BUNDLE_PATH;
    const useBundle = fs.existsSync(bundlePath) && process.env.BANLI_WORKFLOWS_FROM_SOURCE !== '1';
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.cfg.temporal.namespace,
      taskQueue: this.cfg.temporal.taskQueue,
      activities: this.activities,
      ...(useBundle
        ? { workflowBundle: { codePath: bundlePath } }
        : { workflowsPath: require.resolve('../../../workflows') }),
    });
    this.running = this.worker.run();
    this.running.catch((e) => this.log.error(`worker stopped with an error: ${e?.stack ?? e}`));
    this.log.log(
      `polling ${this.cfg.temporal.address} namespace=${this.cfg.temporal.namespace} queue=${this.cfg.temporal.taskQueue} (${useBundle ? `prebuilt bundle ${bundlePath}` : 'workflows from source'})`,
    );
  }

  // before, not on, shutdown: in-flight activities still need the database pool and the mailer
  async beforeApplicationShutdown(signal?: string) {
    if (this.worker && this.worker.getState() === 'RUNNING') {
      this.log.log(`draining (${signal ?? 'shutdown'})…`);
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    this.log.log('stopped');
  }
}
