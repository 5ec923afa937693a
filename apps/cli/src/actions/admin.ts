import { plainToInstance } from 'class-transformer';
import { UserEntity } from '@banli/persistence';
import { CreateUserDto, UpdateUserDto } from '../../../api/src/users/user.dto';
import { UsersModule } from '../../../api/src/users/users.module';
import { UsersService } from '../../../api/src/users/users.service';
import { CliFailure, CommandContext, strOption } from '../cli';
import { operator } from '../nest';
import { readNewPassword } from '../password';
import { check, withApp } from './common';

const passwordOf = (ctx: CommandContext) =>
  readNewPassword(ctx.io, strOption(ctx, 'password'), ctx.options['password-stdin'] === true);

/** `admin create`: a new administrator through UsersService.create, validated as POST /users is. */
export async function adminCreate(ctx: CommandContext): Promise<number> {
  const fields = {
    username: strOption(ctx, 'username'),
    displayName: strOption(ctx, 'display-name') ?? '系统管理员',
    role: 'admin',
    ...(strOption(ctx, 'email') ? { email: strOption(ctx, 'email') } : {}),
  };
  // the name first: nobody types a password for a command that cannot succeed
  await check(plainToInstance(CreateUserDto, fields), ['username', 'displayName', 'email']);
  const dto = plainToInstance(CreateUserDto, { ...fields, password: await passwordOf(ctx) });
  await check(dto);
  return withApp(ctx, [UsersModule], async (app) => {
    const u = await app.get(UsersService).create(dto);
    ctx.io.out(
      `已创建管理员 ${u.username}（${u.id}），可用所设密码登录 (created the administrator ${u.username}; sign in with the password given)`,
    );
    return 0;
  });
}

/**
 * `admin reset`: a new password for an administrator, re-activated and unlocked, through
 * UsersService.update (PATCH /users/:id) — its last-administrator guard included; a reset never
 * removes an administrator. Other accounts are left to an administrator.
 */
export async function adminReset(ctx: CommandContext): Promise<number> {
  const username = strOption(ctx, 'username')!;
  await check(plainToInstance(CreateUserDto, { username }), ['username']);
  const dto = plainToInstance(UpdateUserDto, { password: await passwordOf(ctx), active: true });
  await check(dto);
  return withApp(ctx, [UsersModule], async (app, ds) => {
    const u = await ds.getRepository(UserEntity).findOne({ where: { username } });
    if (!u)
      throw new CliFailure(
        `没有用户 ${username}；新建管理员请用 admin create (no user ${username}; use admin create)`,
      );
    if (u.role !== 'admin')
      throw new CliFailure(
        `用户 ${username} 不是管理员（角色 ${u.role}），命令行只重设管理员 (${username} is not an administrator)`,
      );
    const locked = !!u.lockedUntil && u.lockedUntil > new Date();
    await app.get(UsersService).update(u.id, dto, operator(ctx.io.env));
    ctx.io.out(
      `已重设管理员 ${username} 的密码${u.active ? '' : '，账号已重新启用'}${locked ? '，已解除锁定' : ''}；其他会话已失效 ` +
        `(reset the password of the administrator ${username}${u.active ? '' : ', re-activated'}${locked ? ', unlocked' : ''}; other sessions end)`,
    );
    return 0;
  });
}
