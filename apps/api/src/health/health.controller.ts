import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Mailer } from '@banli/mail';
import { assertUtcSession } from '@banli/persistence';
import { Public } from '../auth/decorators';
import { TemporalClientService } from '../temporal/temporal-client.provider';

type Check = { status: 'up' | 'down'; ms: number; error?: string };

async function check(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  const t0 = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) =>
        setTimeout(() => rej(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', ms: Date.now() - t0 };
  } catch (e) {
    return { status: 'down', ms: Date.now() - t0, error: (e as Error).message };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Mailer) private readonly mailer: Mailer,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '健康检查：数据库、Temporal、SMTP (200 when all are up, else 503)' })
  async health(@Res({ passthrough: true }) res: Response) {
    const [db, temporal, smtp] = await Promise.all([
      check(() => assertUtcSession(this.ds)),
      check(() => this.temporal.ping()),
      check(() => this.mailer.verify()),
    ]);
    const ok = [db, temporal, smtp].every((c) => c.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'down', checks: { db, temporal, smtp } };
  }
}
