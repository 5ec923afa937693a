import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Outbox, type OutboxMessageStatus } from '@banli/mail';
import { ProposalEntity } from '@banli/persistence';
import type { Principal } from '../auth/principal';
import { BanliProblem, notFound } from '../common/problem';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';

/** Delivery status of the outbox, and the office's re-send of what failed. */
@Injectable()
export class MailStatusService {
  private readonly log = new Logger('mail');
  private readonly outbox: Outbox;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseWorkflowGateway,
  ) {
    // the API never sends: the worker's mail dispatcher delivers what is queued
    this.outbox = new Outbox(ds, { send: () => Promise.reject(new Error('the API does not send mail')) });
  }

  async forCase(id: string) {
    if (!(await this.ds.getRepository(ProposalEntity).exists({ where: { id } })))
      throw notFound('建议/提案 (proposal)', id);
    return this.outbox.listForCase(id);
  }

  failed(includeRetrying: boolean) {
    return this.outbox.listFailed({ includeRetrying });
  }

  async resend(id: string, by: Principal, recipient?: string): Promise<OutboxMessageStatus> {
    const r = await this.outbox.resend(id, { by: by.username, recipient });
    switch (r.outcome) {
      case 'notFound':
        throw notFound('邮件 (message)', id);
      case 'notFailed':
        throw new BanliProblem(
          HttpStatus.CONFLICT,
          'MAIL_NOT_FAILED',
          `只有投递失败的邮件可以重新投递，这封邮件的状态是 ${r.message.status} (only failed mail can be re-sent)`,
          { status: r.message.status },
        );
      case 'badRecipient':
        throw new BanliProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'MAIL_RECIPIENT_REQUIRED',
          `这封邮件没有有效的收件地址（${r.message.recipient}），请在 recipient 中填写更正后的地址 (no valid address: give recipient)`,
          { recipient: r.message.recipient },
        );
    }
    this.log.log(`mail ${id} re-sent by ${by.username} to ${r.message.recipient}`);
    await this.nudgeDispatcher();
    return r.message;
  }

  /** Asks the mail dispatcher to deliver now; if that fails its next pass within a minute does. */
  private async nudgeDispatcher() {
    try {
      await this.cases.nudgeMail();
    } catch (e) {
      this.log.warn(`mail dispatcher not nudged (${(e as Error).message}); it passes every minute`);
    }
  }
}
