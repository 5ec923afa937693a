import { Controller, Get, Inject, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Mailer } from '@banli/mail';
import { assertUtcSession } from '@banli/persistence';
import { Public } from '../auth/decorators';
import { TemporalClientService } from '../temporal/temporal-client.provider';
import { noWorkerMessage, WorkerPresence, WorkerPresenceService } from '../temporal/worker-presence';
import { check, Check, SharedCheck } from './checks';

/**
 * Health and readiness: the database, Temporal, a worker polling the case task queue, and the
 * mail relay.
 *
 * - GET /health/live: the process answers (no dependency is asked): 200.
 * - GET /health/ready: 200 when the database and Temporal answer and a worker polls the case task
 *   queue, else 503 naming what is down (`error`). The mail relay being down makes mail `degraded`
 *   (in the body, overall status `degraded`) but never unready: the outbox keeps the mail and the
 *   dispatcher delivers it when the relay is back.
 * - GET /health (kept for compatibility): every component, SMTP included; 200 when all are up, else 503.
 *
 * - worker: the pollers Temporal reports for the case task queue (workflow and activity tasks). With
 *   none seen in the last two minutes, actions cannot be carried out: "no worker polling the task
 *   queue" (see WORKER_POLLER_FRESH_MS for why two minutes; a worker that just died still counts).
 * - smtp / mail: one SMTP session (EHLO) shared by all callers of every endpoint and remembered for
 *   a minute (10 s when down), never one per call: these endpoints are public. `checkedAt` says when
 *   it was found.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly smtp: SharedCheck;
  private readonly log = new Logger('health');
  /** What the last readiness check found down (logged when it changes, not on every probe). */
  private lastDown?: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly workers: WorkerPresenceService,
    private readonly terminus: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
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
      this.db(),
      this.temporalCheck(),
      this.worker(),
      this.smtp.get(),
    ]);
    const ok = [db, temporal, worker, smtp].every((c) => c.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'down', checks: { db, temporal, worker, smtp } };
  }

  @Get('live')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: '存活检查：进程在运行，不检查任何依赖 (liveness: the process answers; always 200)',
  })
  live() {
    return this.terminus.check([
      () => this.indicator.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      '就绪检查：数据库、Temporal、有工作进程轮询任务队列 (readiness: 200, or 503 naming what is down); 邮件中继不可用时 mail 为 degraded，仍为 200 (mail is queued in the outbox)',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const up = (key: string, c: Check & Record<string, unknown>) => {
      const { status, ...data } = c;
      const s = this.indicator.check(key);
      return status === 'up' ? s.up(data) : s.down(data);
    };
    let result;
    try {
      result = await this.terminus.check([
        async () => up('db', await this.db()),
        async () => up('temporal', await this.temporalCheck()),
        async () => up('worker', await this.worker()),
        async () => {
          const { status, ...data } = await this.smtp.get();
          const mail = this.indicator.check('mail');
          return status === 'up'
            ? mail.up(data)
            : mail.degraded({
                ...data,
                message:
                  '邮件中继不可用：邮件保留在发件箱，恢复后自动投递 (mail relay down: mail waits in the outbox and is delivered when it is back)',
              });
        },
      ]);
      res.status(200);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      result = e.getResponse() as Awaited<ReturnType<HealthCheckService['check']>>;
    }
    this.noteChange(result);
    return result;
  }

  /** Logs readiness when what is down (or degraded) changes: once, not on every probe. */
  private noteChange(result: { status: string; details: Record<string, Record<string, unknown>> }) {
    const notUp = Object.entries(result.details).filter(([, d]) => d.status !== 'up');
    const now = notUp.map(([k, d]) => `${k} ${d.status}`).join(', ');
    if (now === (this.lastDown ?? '')) return;
    if (now)
      this.log.warn(
        `readiness ${result.status}: ${notUp.map(([k, d]) => `${k} ${d.status} (${d.error ?? d.message ?? ''})`).join('; ')}`,
      );
    else if (this.lastDown) this.log.log(`readiness ok again (was: ${this.lastDown})`);
    this.lastDown = now;
  }

  private db() {
    return check(() => assertUtcSession(this.ds));
  }

  private temporalCheck() {
    return check(() => this.temporal.ping());
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
