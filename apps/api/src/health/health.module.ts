import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Health of the database, Temporal and the mail relay. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
