import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DeadlinePreviewDto, DeadlinePreviewResultDto, PolicyDto, PolicySummaryDto } from './policies.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies 时限政策')
@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('policies')
  @ApiOperation({ summary: '各辖区时限政策 (jurisdiction policies, latest versions)' })
  @ApiOkResponse({ type: [PolicySummaryDto] })
  list() {
    return this.policies.list();
  }

  @Get('policies/:id')
  @ApiOperation({ summary: '一项政策的全部时限规则与来源 (one policy with every clock and its source)' })
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiOkResponse({ type: PolicyDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这项政策或这个版本' })
  get(@Param('id') id: string, @Query('version', new ParseIntPipe({ optional: true })) version?: number) {
    return this.policies.get(id, version);
  }

  @Post('deadlines/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: '时限试算：给定政策与事件，计算每个时限并说明 (what-if: every deadline, explained)',
  })
  @ApiOkResponse({ type: DeadlinePreviewResultDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这项政策或这个版本' })
  @ApiUnprocessableEntityResponse({ description: 'NO_START_EVENT: 至少需要一个起算事件' })
  preview(@Body() body: DeadlinePreviewDto) {
    return this.policies.preview(body);
  }
}
