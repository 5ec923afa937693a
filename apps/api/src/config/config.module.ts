import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BanliConfig, CONFIG } from '@banli/config';
import { Mailer } from '@banli/mail';

class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}
  onApplicationShutdown() {
    this.mailer.close();
  }
}

/** The validated configuration and the SMTP mailer (for health checks), for every feature module. */
@Global()
@Module({})
export class ConfigModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: cfg },
        { provide: Mailer, useFactory: () => new Mailer(cfg.smtp) },
        MailerLifecycle,
      ],
      exports: [CONFIG, Mailer],
    };
  }
}
