import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { from, Observable, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { ProposalEntity } from '@banli/persistence';
import { caseIdOf, LOG_FIELDS, logFieldsOf, routeOf, type LogFields } from './http-logging';

/** Workflow ids remembered per case (they never change): at most this many. */
const WORKFLOW_IDS_KEPT = 10_000;

/**
 * Puts the signed-in person (user id, role, unit) and the case the request concerns (case id and
 * its workflow id) on every line logged while handling the request (PinoLogger.assign), and on the
 * request's completion line. Runs after the guard, which has put the person on the request and
 * checked the caller may see the case; the workflow id of a case is read once and remembered.
 */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  private readonly workflowIds = new Map<string, string>();

  constructor(
    private readonly log: PinoLogger,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest();
    return from(this.enter(req)).pipe(
      switchMap(() => next.handle()),
      tap((body) => this.registered(req, body)),
    );
  }

  private async enter(req: any) {
    const caseId = caseIdOf(req);
    if (caseId) {
      const workflowId = await this.workflowIdOf(caseId);
      req[LOG_FIELDS] = { caseId, ...(workflowId ? { workflowId } : {}) } satisfies LogFields;
    }
    this.assign(logFieldsOf(req));
  }

  /** A registration answers with the new case: its completion line names it. */
  private registered(req: any, body: any) {
    if (req.method !== 'POST' || routeOf(req) !== '/proposals') return;
    if (typeof body?.id !== 'string') return;
    const fields: LogFields = { caseId: body.id };
    if (typeof body.workflowId === 'string') fields.workflowId = body.workflowId;
    req[LOG_FIELDS] = fields;
    this.assign(fields);
  }

  private assign(fields: object) {
    if (Object.keys(fields).length === 0) return;
    try {
      this.log.assign(fields);
    } catch {
      // outside a request's logging context (cannot happen over HTTP): the lines go without them
    }
  }

  private async workflowIdOf(caseId: string): Promise<string | undefined> {
    const known = this.workflowIds.get(caseId);
    if (known) return known;
    try {
      const row = await this.ds
        .getRepository(ProposalEntity)
        .findOne({ where: { id: caseId }, select: { id: true, workflowId: true } });
      if (!row?.workflowId) return undefined;
      if (this.workflowIds.size >= WORKFLOW_IDS_KEPT)
        this.workflowIds.delete(this.workflowIds.keys().next().value as string);
      this.workflowIds.set(caseId, row.workflowId);
      return row.workflowId;
    } catch {
      // the request itself will meet the database problem, if there is one; logging does not fail it
      return undefined;
    }
  }
}
