import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { BanliConfig } from '@banli/config';
import type { PinoLogger } from '@banli/config/logging';
import { dataSourceOptions, UtcSessionCheck } from '@banli/persistence';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { ProblemFilter } from './common/problem.filter';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { ImportModule } from './import/import.module';
import { JurisdictionsModule } from './jurisdictions/jurisdictions.module';
import { LinksModule } from './links/links.module';
import { MailModule } from './mail/mail.module';
import { ObservabilityModule } from './observability/observability.module';
import { PoliciesModule } from './policies/policies.module';
import { PublicModule } from './public/public.module';
import { ReportsModule } from './reports/reports.module';
import { ProposalsModule } from './proposals/proposals.module';
import { TemporalModule } from './temporal/temporal.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';

/**
 * HTTP API: the feature modules over one database and one Temporal client. Built from a validated
 * config; logs through `logger` (else a pino logger over cfg.log to standard output).
 */
@Module({})
export class ApiModule {
  static forConfig(cfg: BanliConfig, logger?: PinoLogger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ObservabilityModule.forRoot(cfg, logger),
        TypeOrmModule.forRoot(dataSourceOptions(cfg.db)),
        ConfigModule.forConfig(cfg),
        TemporalModule,
        AuthModule.forConfig(cfg),
        ProposalsModule,
        CasesModule,
        ImportModule,
        MailModule,
        UnitsModule,
        UsersModule,
        CalendarModule,
        PoliciesModule,
        JurisdictionsModule,
        LinksModule,
        ReportsModule,
        PublicModule,
        HealthModule,
      ],
      providers: [UtcSessionCheck, { provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
