import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
  Inject,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BanliConfig, CONFIG } from '@banli/config';
import { Mailer } from '@banli/mail';
import { dataSourceOptions, UtcSessionCheck } from '@banli/persistence';
import { ProblemFilter } from './common/problem.filter';
import { requestId } from './common/request-id';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarService } from './calendar/calendar.service';
import { CaseAccessService } from './cases/case-access.service';
import { CaseActionsController } from './cases/case-actions.controller';
import { CaseActionsService } from './cases/case-actions.service';
import { CaseListService } from './cases/case-list.service';
import { CasesController } from './cases/cases.controller';
import { HealthController } from './health/health.controller';
import { IMPORT_CONTROLLERS, IMPORT_PROVIDERS } from './import';
import { LinksController } from './links/links.controller';
import { LinksService } from './links/links.service';
import { MailController } from './mail/mail.controller';
import { MailStatusService } from './mail/mail.service';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { ProposalsController } from './proposals/proposals.controller';
import { ProposalsService } from './proposals/proposals.service';
import { TemporalClientService } from './temporal/temporal-client.provider';
import { UnitsController } from './units/units.controller';
import { UnitsService } from './units/units.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}
  onApplicationShutdown() {
    this.mailer.close();
  }
}

/** HTTP API. Built from a validated config so tests can run it against their own servers. */
@Module({})
export class ApiModule implements NestModule {
  static forConfig(cfg: BanliConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(cfg.db)),
        JwtModule.register({
          secret: cfg.auth.jwtSecret,
          signOptions: {
            expiresIn: cfg.auth.accessTokenTtlSeconds,
            algorithm: 'HS256',
            issuer: 'banli',
            audience: 'banli-api',
          },
          verifyOptions: { algorithms: ['HS256'], issuer: 'banli', audience: 'banli-api' },
        }),
      ],
      controllers: [
        HealthController,
        AuthController,
        CasesController,
        ProposalsController,
        CaseActionsController,
        LinksController,
        UnitsController,
        UsersController,
        CalendarController,
        PoliciesController,
        MailController,
        ...IMPORT_CONTROLLERS,
      ],
      providers: [
        UtcSessionCheck,
        { provide: CONFIG, useValue: cfg },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        AuthService,
        CaseAccessService,
        CaseActionsService,
        CaseListService,
        LinksService,
        UnitsService,
        UsersService,
        { provide: Mailer, useFactory: () => new Mailer(cfg.smtp) },
        MailerLifecycle,
        TemporalClientService,
        ProposalsService,
        CalendarService,
        PoliciesService,
        MailStatusService,
        ...IMPORT_PROVIDERS,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(requestId).forRoutes('*path');
  }
}
