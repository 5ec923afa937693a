import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { UnitsModule } from '../units/units.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Supervisors' reports: the overdue report, handling statistics, the dashboard, exports. */
@Module({
  imports: [CasesModule, CalendarModule, UnitsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
