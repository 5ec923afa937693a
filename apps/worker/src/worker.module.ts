import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BanliConfig, CONFIG } from '@banli/config';
import { Mailer } from '@banli/mail';
import { dataSourceOptions, UtcSessionCheck } from '@banli/persistence';
import { activitiesProvider } from './activities.provider';
import { SchedulesService } from './schedules.service';
import { TemporalWorkerService } from './worker.service';

class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}
  onApplicationShutdown() {
    this.mailer.close();
  }
}

@Module({})
export class WorkerModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(cfg.db))],
      providers: [
        UtcSessionCheck,
        { provide: CONFIG, useValue: cfg },
        { provide: Mailer, useFactory: () => new Mailer(cfg.smtp) },
        MailerLifecycle,
        activitiesProvider,
        TemporalWorkerService,
        SchedulesService,
      ],
    };
  }
}
