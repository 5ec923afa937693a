import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { BanliConfig, CONFIG } from '@banli/config';
import { scheduleIds, temporalConnectionOptions } from '@banli/temporal';
import { mailDispatchWorkflow } from '@banli/workflows/mail-dispatch.workflow';

export { scheduleIds };

/**
 * Starts what runs beside the cases: the long-lived mail dispatcher workflow (one per task queue;
 * starting it again finds the running one) and the supervisors' digest Schedule each morning,
 * Asia/Shanghai. The minutely dispatch Schedule of earlier versions is removed.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('schedules');
  private connection?: Connection;

  constructor(@Inject(CONFIG) private readonly cfg: BanliConfig) {}

  async onApplicationBootstrap() {
    if (!this.cfg.schedules.enabled) return;
    this.connection = await Connection.connect(temporalConnectionOptions(this.cfg.temporal));
    const client = new Client({ connection: this.connection, namespace: this.cfg.temporal.namespace });
    const q = this.cfg.temporal.taskQueue;
    const ids = scheduleIds(q);
    try {
      await client.schedule.getHandle(ids.mailDispatch).delete();
      this.log.log(`removed the minutely schedule ${ids.mailDispatch}: a long-lived dispatcher replaces it`);
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError)) throw e;
    }
    await client.workflow.start(mailDispatchWorkflow, {
      taskQueue: q,
      workflowId: ids.mailDispatch,
      args: [{}],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    await this.upsert(client, {
      scheduleId: ids.dailyDigest,
      spec: { calendars: [{ hour: this.cfg.schedules.digestHour, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: 'dailyDigestWorkflow',
        taskQueue: q,
        workflowId: `${ids.dailyDigest}-run`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours' },
    });
  }

  private async upsert(client: Client, opts: ScheduleOptions) {
    try {
      await client.schedule.create(opts);
      this.log.log(`created schedule ${opts.scheduleId}`);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      await client.schedule.getHandle(opts.scheduleId).update((prev) => ({
        ...prev,
        spec: opts.spec,
        action: opts.action as any,
        policies: opts.policies,
      }));
    }
  }

  async onApplicationShutdown() {
    await this.connection?.close();
  }
}
