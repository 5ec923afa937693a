import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BanliProblem } from '../common/problem';
import { ChangePasswordDto, LoginDto, MeDto, TokenDto } from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentUser, Public } from './decorators';
import type { Principal } from './principal';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '登录，取得短期访问令牌 (password login → short-lived bearer token)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS: 用户名或密码错误' })
  @ApiResponse({
    status: 423,
    description: 'ACCOUNT_LOCKED: 连续失败次数过多，账号暂时锁定 (lockedUntil, Retry-After)',
  })
  @ApiResponse({ status: 429, description: 'LOGIN_RATE_LIMITED: 同一 IP 与用户名尝试过于频繁 (Retry-After)' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.auth.login(dto, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    } catch (e) {
      const wait = e instanceof BanliProblem ? e.extra.retryAfterSeconds : undefined;
      if (typeof wait === 'number') res.setHeader('Retry-After', String(wait));
      throw e;
    }
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '以仍有效的访问令牌换取新令牌，登录后最长可续期 SESSION_MAX_HOURS 小时 (swap a valid token for a fresh one, within the session maximum age)',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiResponse({ status: 401, description: 'SESSION_EXPIRED: 登录时间已超过上限，请重新登录' })
  refresh(@CurrentUser() user: Principal, @Req() req: Request) {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    return this.auth.refresh(token, user);
  }

  @Get('me')
  @ApiOperation({ summary: '当前登录用户及其工作流身份 (who am I)' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: Principal) {
    return this.auth.me(user);
  }

  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '修改本人密码；本账号其他已登录的会话随即失效，本次返回新的访问令牌 (change own password: other sessions end, a fresh token is returned)',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS: 原密码错误' })
  changePassword(@CurrentUser() user: Principal, @Body() dto: ChangePasswordDto) {
    return this.auth.changePassword(user, dto);
  }
}
