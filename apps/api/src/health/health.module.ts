import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { BanliConfig, CONFIG } from '@banli/config';
import { Mailer } from '@banli/mail';
import { HealthController } from './health.controller';

/** Closes the health check's SMTP connection when the API stops. */
@Injectable()
class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}
  onApplicationShutdown() {
    this.mailer.close();
  }
}

/** Health of the database, Temporal and the mail relay (its own SMTP connection, to verify it). */
@Module({
  controllers: [HealthController],
  providers: [
    { provide: Mailer, useFactory: (cfg: BanliConfig) => new Mailer(cfg.smtp), inject: [CONFIG] },
    MailerLifecycle,
  ],
})
export class HealthModule {}
