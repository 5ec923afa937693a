import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleOptions,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import { BanliConfig, CONFIG } from '@banli/config';
import { scheduleIds, temporalConnectionOptions } from '@banli/temporal';

export { scheduleIds };

/**
 * Creates (or brings up to date) the Temporal Schedules the worker's workflows need:
 * the mail dispatcher every minute and the supervisors' digest each morning, Asia/Shanghai.
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
    await this.upsert(client, {
      scheduleId: ids.mailDispatch,
      spec: { intervals: [{ every: '1 minute' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'mailDispatchWorkflow',
        taskQueue: q,
        workflowId: `${ids.mailDispatch}-run`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
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
