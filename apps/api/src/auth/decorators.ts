import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import type { UserRole } from '@banli/persistence';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'banli:public';
export const ROLES_KEY = 'banli:roles';

/** OpenAPI extension naming the roles an operation admits (read by the access-matrix test). */
export const ROLES_EXTENSION = 'x-banli-roles';
/** OpenAPI extension on operations that need no token. */
export const PUBLIC_EXTENSION = 'x-banli-public';

/** No token needed (health, login, signed links). */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_EXTENSION, true));

/**
 * Only these roles may call the endpoint (others: 403 FORBIDDEN_ROLE). Without @Roles any
 * signed-in user may call it; the service still applies per-case access rules.
 */
export const Roles = (...roles: UserRole[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiExtension(ROLES_EXTENSION, roles),
    ApiForbiddenResponse({ description: `FORBIDDEN_ROLE: 仅限 ${roles.join(', ')}` }),
  );

/** The signed-in person (set by the global guard). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().user;
});
