import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../../libs/mail/src';
import { ProposalEntity } from '../../../../libs/persistence/src';
import { notFound } from '../common/problem';

/** Read side of the outbox: what was sent to whom, and what could not be delivered. */
@Injectable()
export class MailStatusService {
  private readonly outbox: Outbox;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    // reads only: the API never sends, so no transport is needed
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
}
