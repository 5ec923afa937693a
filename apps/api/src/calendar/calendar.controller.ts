import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import {
  CalendarOverrideDto,
  CalendarYearDto,
  CalendarYearSummaryDto,
  WorkingDaysQuery,
} from './calendar.dto';
import { CalendarService } from './calendar.service';

const INVALID = 'INVALID_CALENDAR_DATA: 日历数据无效（errors 逐项列出，例如日期不在该年、链接不是 http(s)）';

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
  @ApiOkResponse({ type: [CalendarYearSummaryDto] })
  years() {
    return this.calendar.listYears();
  }

  @Post('years')
  @Roles('admin', 'office')
  @ApiOperation({
    summary: '载入或替换一年的节假日安排 (load or replace a year from a State Council notice)',
  })
  @ApiCreatedResponse({ type: CalendarYearSummaryDto, description: '已载入的年份' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
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
  @ApiOkResponse({ type: CalendarOverrideDto, description: '已保存的本地调整' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  putOverride(@Body() body: CalendarOverrideDto) {
    return this.calendar.putOverride(body, 'api');
  }

  @Delete('overrides/:date')
  @Roles('admin', 'office')
  @HttpCode(204)
  @ApiOperation({ summary: '删除某日的本地调整' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 这一天没有本地调整' })
  deleteOverride(@Param('date') date: string) {
    return this.calendar.deleteOverride(date);
  }
}
