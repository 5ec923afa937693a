import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CalendarOverrideDto, CalendarYearDto, WorkingDaysQuery } from './calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar 工作日历')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  @ApiOperation({
    summary: '某日之后第 N 个工作日，附说明 (the date N working days after `from`, explained)',
  })
  workingDays(@Query() q: WorkingDaysQuery) {
    return this.calendar.workingDays(q.from, q.n);
  }

  @Get('years')
  @ApiOperation({ summary: '已载入的年份及其通知来源 (years loaded, with their notices)' })
  years() {
    return this.calendar.listYears();
  }

  @Post('years')
  @Roles('admin', 'office')
  @ApiOperation({
    summary: '载入或替换一年的节假日安排 (load or replace a year from a State Council notice)',
  })
  loadYear(@Body() body: CalendarYearDto) {
    return this.calendar.loadYear(body, 'api');
  }

  @Get('overrides')
  @ApiOperation({ summary: '本地调整列表 (local overrides)' })
  overrides() {
    return this.calendar.overrides();
  }

  @Put('overrides')
  @Roles('admin', 'office')
  @ApiOperation({ summary: '新增或修改某日的本地调整 (add or replace a local override)' })
  putOverride(@Body() body: CalendarOverrideDto) {
    return this.calendar.putOverride(body, 'api');
  }

  @Delete('overrides/:date')
  @Roles('admin', 'office')
  @HttpCode(204)
  @ApiOperation({ summary: '删除某日的本地调整' })
  deleteOverride(@Param('date') date: string) {
    return this.calendar.deleteOverride(date);
  }
}
