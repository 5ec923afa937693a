import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  CreatePolicyDto,
  DeadlinePreviewDto,
  DeadlinePreviewResultDto,
  PolicySummaryDto,
  PolicyValidationResultDto,
  PolicyVersionDto,
  PublishPolicyVersionDto,
  ValidatePolicyDto,
} from './policies.dto';
import { PoliciesService } from './policies.service';

const PUBLISHED = {
  description: 'POLICY_VERSION_PUBLISHED: 已发布的版本不可修改，请发布新版本（POST /policies/:id/versions）',
};

@ApiTags('policies 时限政策')
@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('policies')
  @ApiOperation({
    summary: '各辖区时限政策：内置与管理员发布的 (shipped and published policies, latest versions)',
  })
  @ApiOkResponse({ type: [PolicySummaryDto] })
  list() {
    return this.policies.list();
  }

  @Post('policies/validate')
  @HttpCode(200)
  @Roles('admin', 'office')
  @ApiOperation({ summary: '检查一项政策而不保存 (validate a policy body, nothing is stored)' })
  @ApiOkResponse({ type: PolicyValidationResultDto })
  validate(@Body() dto: ValidatePolicyDto) {
    return this.policies.validate(dto);
  }

  @Get('policies/:id')
  @ApiOperation({ summary: '一项政策的全部时限规则与来源 (one policy with every clock and its source)' })
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这项政策或这个版本' })
  get(@Param('id') id: string, @Query('version', new ParseIntPipe({ optional: true })) version?: number) {
    return this.policies.get(id, version);
  }

  @Post('policies')
  @Roles('admin')
  @ApiOperation({
    summary: '发布新政策的第1版，通常复制自内置政策后修改 (publish version 1 of a new policy id, admin)',
  })
  @ApiCreatedResponse({ type: PolicyVersionDto })
  @ApiConflictResponse({ description: 'POLICY_EXISTS: 编号已存在或为内置政策' })
  @ApiUnprocessableEntityResponse({
    description: 'POLICY_INVALID（problems: [{path, message}]）、UNKNOWN_POLICY（basedOn 不存在）',
  })
  create(@CurrentUser() p: Principal, @Body() dto: CreatePolicyDto) {
    return this.policies.create(p, dto);
  }

  @Post('policies/:id/versions')
  @Roles('admin')
  @ApiOperation({
    summary: '发布已有政策的下一版本；已登记的件仍按原版本办理 (publish the next version, admin)',
  })
  @ApiCreatedResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这项政策' })
  @ApiConflictResponse({ description: 'SHIPPED_POLICY_READ_ONLY: 内置政策只读，请以新编号复制' })
  @ApiUnprocessableEntityResponse({
    description:
      'POLICY_INVALID（problems: [{path, message}]）、UNKNOWN_POLICY_VERSION（basedOnVersion 不存在）',
  })
  publish(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: PublishPolicyVersionDto) {
    return this.policies.publish(p, id, dto);
  }

  @Put('policies/:id/versions/:version')
  @Roles('admin')
  @ApiOperation({ summary: '已发布的版本不可修改 (a published version is immutable: always refused)' })
  @ApiBody({ required: false, schema: { type: 'object', additionalProperties: true } })
  @ApiConflictResponse(PUBLISHED)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这个版本' })
  replace(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return this.policies.refuseEdit(id, version);
  }

  @Patch('policies/:id/versions/:version')
  @Roles('admin')
  @ApiOperation({ summary: '已发布的版本不可修改 (a published version is immutable: always refused)' })
  @ApiBody({ required: false, schema: { type: 'object', additionalProperties: true } })
  @ApiConflictResponse(PUBLISHED)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这个版本' })
  amend(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    return this.policies.refuseEdit(id, version);
  }

  @Post('deadlines/preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '时限试算：给定政策（或未发布的政策、辖区）与事件，计算每个时限并说明 (what-if: every deadline, explained)',
  })
  @ApiOkResponse({ type: DeadlinePreviewResultDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这项政策或这个版本' })
  @ApiUnprocessableEntityResponse({
    description:
      'NO_START_EVENT: 至少需要一个起算事件；POLICY_REQUIRED；POLICY_INVALID（未发布的政策有误，problems）；UNKNOWN_JURISDICTION',
  })
  preview(@Body() body: DeadlinePreviewDto) {
    return this.policies.preview(body);
  }
}
