import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  CreateJurisdictionDto,
  JurisdictionDetailDto,
  JurisdictionDto,
  UpdateJurisdictionDto,
} from './jurisdiction.dto';
import { JurisdictionsService } from './jurisdictions.service';

const INVALID =
  'UNKNOWN_POLICY（政策或版本不存在）、CHANNEL_NOT_COVERED（channel, covered：政策版本未覆盖该渠道）、' +
  'JURISDICTION_INVALID（problems: [{path, message}]）';

@ApiTags('jurisdictions 辖区')
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @Get()
  @Roles('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader')
  @ApiOperation({ summary: '辖区（交办机关）列表：内置的与管理员新建的 (jurisdictions, shipped first)' })
  @ApiOkResponse({ type: [JurisdictionDto] })
  list() {
    return this.jurisdictions.list();
  }

  @Get(':id')
  @Roles('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader')
  @ApiOperation({
    summary: '辖区详情，含其政策版本的答复分类与来源 (one jurisdiction with its policy version)',
  })
  @ApiOkResponse({ type: JurisdictionDetailDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id') id: string) {
    return this.jurisdictions.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建辖区 (admin)' })
  @ApiCreatedResponse({ type: JurisdictionDetailDto })
  @ApiConflictResponse({ description: 'JURISDICTION_EXISTS: 编号已存在或为内置辖区' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  create(@CurrentUser() p: Principal, @Body() dto: CreateJurisdictionDto) {
    return this.jurisdictions.create(p, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: '修改辖区；列表整体替换，null 清空可选项；新的 policyVersion 只适用于此后登记的件 (admin)',
  })
  @ApiOkResponse({ type: JurisdictionDetailDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'SHIPPED_READ_ONLY: 内置辖区只读' })
  @ApiUnprocessableEntityResponse({ description: `UNKNOWN_POLICY_VERSION、${INVALID}` })
  update(@CurrentUser() p: Principal, @Param('id') id: string, @Body() dto: UpdateJurisdictionDto) {
    return this.jurisdictions.update(p, id, dto);
  }
}
