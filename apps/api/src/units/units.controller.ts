import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CreateUnitDto, UnitDto, UpdateUnitDto } from './unit.dto';
import { UnitsService } from './units.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('units 承办单位')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @Roles('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader')
  @ApiOperation({ summary: '承办单位列表 (all handling units, by code)' })
  @ApiOkResponse({ type: [UnitDto] })
  list() {
    return this.units.list();
  }

  @Get(':unitId')
  @Roles('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader')
  @ApiOperation({ summary: '承办单位详情' })
  @ApiOkResponse({ type: UnitDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('unitId', uuid) id: string) {
    return this.units.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新增承办单位 (admin)' })
  @ApiCreatedResponse({ type: UnitDto })
  @ApiConflictResponse({ description: 'UNIT_CODE_TAKEN' })
  create(@Body() dto: CreateUnitDto) {
    return this.units.create(dto);
  }

  @Patch(':unitId')
  @Roles('admin')
  @ApiOperation({ summary: '修改承办单位；contacts 给出时整体替换 (admin)' })
  @ApiOkResponse({ type: UnitDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'UNIT_CODE_TAKEN' })
  update(@Param('unitId', uuid) id: string, @Body() dto: UpdateUnitDto) {
    return this.units.update(id, dto);
  }

  @Delete(':unitId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除未被使用的承办单位 (admin)' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'UNIT_IN_USE: 仍有交办记录或账号' })
  async remove(@Param('unitId', uuid) id: string) {
    await this.units.remove(id);
  }
}
