import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  CreateUserDto,
  ListUsersQuery,
  PartiesQuery,
  PartyDto,
  RoleDto,
  UpdateUserDto,
  UserDto,
} from './user.dto';
import { UsersService } from './users.service';

const uuid = new ParseUUIDPipe({ version: undefined });
const BINDING =
  'USER_BINDING_INVALID (unit roles need unitId, proposers partyId) / UNKNOWN_UNIT_ID / UNKNOWN_PARTY';

@ApiTags('users 用户与角色')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @Roles('admin')
  @ApiOperation({ summary: '用户列表 (admin)' })
  @ApiOkResponse({ type: [UserDto] })
  list(@Query() q: ListUsersQuery) {
    return this.users.list(q);
  }

  @Get('users/:userId')
  @Roles('admin')
  @ApiOperation({ summary: '用户详情 (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('userId', uuid) id: string) {
    return this.users.get(id);
  }

  @Post('users')
  @Roles('admin')
  @ApiOperation({ summary: '新增用户 (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN' })
  @ApiUnprocessableEntityResponse({ description: BINDING })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Patch('users/:userId')
  @Roles('admin')
  @ApiOperation({ summary: '修改用户：姓名、角色、单位/提出人绑定、邮箱、停用、重设密码 (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'LAST_ADMIN: 不能停用或降级最后一个管理员 / SELF_DEACTIVATION: 不能停用自己的账号 / SELF_DEMOTION: 不能取消自己的管理员角色',
  })
  @ApiUnprocessableEntityResponse({ description: BINDING })
  update(@Param('userId', uuid) id: string, @Body() dto: UpdateUserDto, @CurrentUser() by: Principal) {
    return this.users.update(id, dto, by);
  }

  @Delete('users/:userId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除用户 (admin)' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({
    description: 'LAST_ADMIN: 不能删除最后一个管理员 / SELF_DELETION: 不能删除自己的账号',
  })
  async remove(@Param('userId', uuid) id: string, @CurrentUser() by: Principal) {
    await this.users.remove(id, by);
  }

  @Post('users/:userId/unlock')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: '解除登录失败锁定 (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  unlock(@Param('userId', uuid) id: string) {
    return this.users.unlock(id);
  }

  @Get('roles')
  @Roles('admin', 'office')
  @ApiOperation({ summary: '角色及其在工作流中的身份 (roles and the workflow actor role each maps to)' })
  @ApiOkResponse({ type: [RoleDto] })
  roles() {
    return this.users.roles();
  }

  @Get('parties')
  @Roles('admin', 'office')
  @ApiOperation({ summary: '查找提出人（代表、委员、团体），用于绑定代表委员账号' })
  @ApiOkResponse({ type: [PartyDto] })
  parties(@Query() q: PartiesQuery) {
    return this.users.parties(q);
  }
}
