import { Controller, Get, Injectable, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { TERMINAL_CASE_STAGES } from '@banli/domain';
import { DeadlineEntity, OutboxEntity, overdueDutySql, ProposalEntity } from '@banli/persistence';
import { Public } from '../auth/decorators';
import { routeOf } from './http-logging';

/** Label of requests no route took (refused before routing, or no such path). */
export const UNMATCHED_ROUTE = '(unmatched)';
/** Label of files served without a route (the web workspace's assets, the API docs' files). */
export const STATIC_ROUTE = '(static)';

/**
 * The `route` label of a request: the route pattern that took it (`/proposals/:id`), never the URL
 * itself, so ids do not make a series each.
 */
export function routeLabel(req: { route?: { path?: unknown }; baseUrl?: string }, status: number): string {
  return routeOf(req) ?? (status < 400 ? STATIC_ROUTE : UNMATCHED_ROUTE);
}

/** How long the database figures of one scrape are reused (the three gauges share one read). */
const DB_FIGURES_TTL_MS = 1000;

interface DbFigures {
  outbox: { pending: number; failed: number };
  openCases: number;
  overdueDuties: number;
}

/**
 * The API's Prometheus registry: Node's default metrics, the request duration histogram, and
 * gauges read from the database on each scrape — mail waiting in the outbox and failed, open
 * cases, overdue duties (the one definition of overdue: overdueDutySql, an indexed count).
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly log = new Logger('metrics');
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private figures?: { at: number; value: Promise<DbFigures | undefined> };

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    const read = () => this.dbFigures();
    new Gauge({
      name: 'banli_outbox_messages',
      help: 'Mail in the outbox: pending (waiting or being sent) and failed (needs the office)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const f = await read();
        this.reset();
        if (!f) return;
        this.set({ status: 'pending' }, f.outbox.pending);
        this.set({ status: 'failed' }, f.outbox.failed);
      },
    });
    new Gauge({
      name: 'banli_open_cases',
      help: 'Cases not ended (not closed, merged, withdrawn or not filed)',
      registers: [this.registry],
      async collect() {
        const f = await read();
        this.reset();
        if (f) this.set(f.openCases);
      },
    });
    new Gauge({
      name: 'banli_overdue_duties',
      help: 'Overdue duties now: open duties of counting cases past their due instant',
      registers: [this.registry],
      async collect() {
        const f = await read();
        this.reset();
        if (f) this.set(f.overdueDuties);
      },
    });
  }

  /** Express middleware timing every request into http_request_duration_seconds. */
  readonly middleware = (req: Request, res: Response, next: NextFunction) => {
    const end = this.httpDuration.startTimer();
    res.once('finish', () =>
      end({ method: req.method, route: routeLabel(req, res.statusCode), status: String(res.statusCode) }),
    );
    next();
  };

  /** The figures of this scrape (one read shared by the gauges); none when the database fails. */
  private dbFigures(): Promise<DbFigures | undefined> {
    const now = Date.now();
    if (this.figures && now - this.figures.at < DB_FIGURES_TTL_MS) return this.figures.value;
    const value = this.readFigures().catch((e) => {
      this.log.warn(`database figures unavailable for /metrics: ${(e as Error).message}`);
      return undefined;
    });
    this.figures = { at: now, value };
    return value;
  }

  private async readFigures(): Promise<DbFigures> {
    const [outbox, openCases, overdueDuties] = await Promise.all([
      this.ds
        .getRepository(OutboxEntity)
        .createQueryBuilder('o')
        .select("CASE WHEN o.status = 'failed' THEN 'failed' ELSE 'pending' END", 'status')
        .addSelect('COUNT(*)', 'n')
        .where("o.status IN ('pending', 'sending', 'failed')")
        .groupBy('status')
        .getRawMany<{ status: string; n: string | number }>(),
      this.ds
        .getRepository(ProposalEntity)
        .createQueryBuilder('p')
        .where('p.stage NOT IN (:...ended)', { ended: [...TERMINAL_CASE_STAGES] })
        .getCount(),
      this.ds
        .getRepository(DeadlineEntity)
        .createQueryBuilder('d')
        .where(overdueDutySql('d'), { now: new Date() })
        .getCount(),
    ]);
    const count = (s: string) => Number(outbox.find((r) => r.status === s)?.n ?? 0);
    return { outbox: { pending: count('pending'), failed: count('failed') }, openCases, overdueDuties };
  }
}

/** GET /metrics: Prometheus text format; unauthenticated, not in the OpenAPI document (METRICS_ENABLED). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Public()
  async scrape(@Res() res: Response) {
    const body = await this.metrics.registry.metrics();
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
