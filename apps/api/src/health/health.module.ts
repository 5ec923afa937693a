import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
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

/**
 * Health of the database, Temporal, the case worker and the mail relay (its own SMTP connection, to
 * verify it): /health, and /health/live and /health/ready with @nestjs/terminus. Readiness changes
 * are logged by the controller (once per change), not by terminus on every failing probe.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    { provide: Mailer, useFactory: (cfg: BanliConfig) => new Mailer(cfg.smtp), inject: [CONFIG] },
    MailerLifecycle,
  ],
})
export class HealthModule {}
