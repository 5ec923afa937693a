import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { UserRole } from '@banli/persistence';
import { BanliProblem } from '../common/problem';
import { CaseAccessService } from '../cases/case-access.service';
import { AuthService } from './auth.service';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import type { Principal } from './principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); @Roles(...)
 * narrows who may call it (403 FORBIDDEN_ROLE); and every route under /proposals/:id answers
 * 404 for a case outside the caller's scope (see CaseAccessService), whichever controller owns it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly cases: CaseAccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    req.user = await this.auth.authenticate(m?.[1]);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new BanliProblem(
        HttpStatus.FORBIDDEN,
        'FORBIDDEN_ROLE',
        `当前角色（${req.user.role}）无权执行此操作 (role ${req.user.role} may not do this)`,
        {
          allowedRoles: roles,
        },
      );
    }
    // A malformed id is left to the route's ParseUUIDPipe (400).
    const route = (req as { route?: { path?: unknown } }).route?.path;
    const caseId = req.params?.id;
    if (
      typeof route === 'string' &&
      /^\/?proposals\/:id(\/|$)/.test(route) &&
      typeof caseId === 'string' &&
      UUID.test(caseId)
    ) {
      await this.cases.find(req.user, caseId);
    }
    return true;
  }
}
