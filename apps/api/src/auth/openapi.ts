import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from './decorators';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The global guard protects every route not marked @Public(); say so in the document: a bearer
 * requirement and a 401 on every protected operation, an empty requirement on public ones.
 */
export function secureDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.securitySchemes = {
    ...(doc.components.securitySchemes ?? {}),
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'POST /auth/login 取得的访问令牌',
    },
  };
  for (const item of Object.values(doc.paths)) {
    for (const m of METHODS) {
      const op = (item as Record<string, any>)[m];
      if (!op) continue;
      if (op[PUBLIC_EXTENSION]) {
        op.security = [];
        continue;
      }
      op.security = [{ bearer: [] }];
      op.responses ??= {};
      op.responses['401'] ??= {
        description: 'UNAUTHENTICATED / TOKEN_INVALID / TOKEN_EXPIRED: 缺少、无效或过期的访问令牌',
      };
    }
  }
  return doc;
}
