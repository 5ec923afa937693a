import { Module } from '@nestjs/common';
import { MailController } from './mail.controller';
import { MailStatusService } from './mail.service';

/** Delivery status of the outbox and the office's re-send. */
@Module({ controllers: [MailController], providers: [MailStatusService] })
export class MailModule {}
