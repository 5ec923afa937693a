import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';

/** Jurisdiction policies and the deadline preview. */
@Module({ imports: [CalendarModule], controllers: [PoliciesController], providers: [PoliciesService] })
export class PoliciesModule {}
