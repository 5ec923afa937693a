import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Mailer } from '@banli/mail';
import { assertUtcSession } from '@banli/persistence';
import { Public } from '../auth/decorators';
import { TemporalClientService } from '../temporal/temporal-client.provider';
import { noWorkerMessage, WorkerPresence, WorkerPresenceService } from '../temporal/worker-presence';
import { check, SharedCheck } from './checks';

/**
 * Health and readiness: the database, Temporal, a worker polling the case task queue, and the
 * mail relay. 200 when every component is up, else 503, the failing ones with their reason.
 *
 * - worker: the pollers Temporal reports for the case task queue (workflow and activity tasks). With
 *   none seen in the last two minutes, actions cannot be carried out: "no worker polling the task
 *   queue" (see WORKER_POLLER_FRESH_MS for why two minutes; a worker that just died still counts).
 * - smtp: one SMTP session (EHLO) shared by all callers and remembered for a minute (10 s when
 *   down), never one per call: /health is public. `checkedAt` says when it was found.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly smtp: SharedCheck;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly workers: WorkerPresenceService,
    @Inject(Mailer) mailer: Mailer,
  ) {
    this.smtp = new SharedCheck(() => mailer.verify());
  }

  @Get()
  @Public()
  @ApiOperation({
    summary:
      '健康检查：数据库、Temporal、工作进程（任务队列的轮询者）、SMTP (200 when all are up, else 503; worker: a worker polls the case task queue)',
  })
  async health(@Res({ passthrough: true }) res: Response) {
    const [db, temporal, worker, smtp] = await Promise.all([
      check(() => assertUtcSession(this.ds)),
      check(() => this.temporal.ping()),
      this.worker(),
      this.smtp.get(),
    ]);
    const ok = [db, temporal, worker, smtp].every((c) => c.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'down', checks: { db, temporal, worker, smtp } };
  }

  private async worker() {
    let seen: WorkerPresence | undefined;
    const c = await check(async () => {
      seen = await this.workers.current();
      if (!seen.polling) throw new Error(noWorkerMessage(seen));
    });
    return seen ? { ...c, pollers: seen.pollers, lastPollAt: seen.lastPollAt } : c;
  }
}
