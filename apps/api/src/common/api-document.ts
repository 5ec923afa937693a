import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { JSON_BODY_LIMIT_TEXT } from './body-limit';
import { BODY_MAX_DEPTH } from './body-parser';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-errors';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** What every operation that reads a JSON body may answer 400 with, besides its own codes. */
const BODY_400 =
  `INVALID_JSON 不是有效的 JSON / JSON_TOO_DEEP 嵌套超过 ${BODY_MAX_DEPTH} 层 / ` +
  'BODY_NOT_OBJECT 请求内容须为 JSON 对象 / VALIDATION_FAILED 字段有误（errors 逐字段列出）';
const UUID_400 = 'BAD_REQUEST 路径中的编号须为 UUID';
const QUERY_400 = 'VALIDATION_FAILED 查询参数有误';
const DB_503 = `DATABASE_UNAVAILABLE 数据库暂时无法连接（Retry-After: ${DATABASE_RETRY_AFTER_SECONDS}）`;

/**
 * The path parameters each operation parses with ParseUUIDPipe, by operation id (the swagger
 * module's default, `Controller_method`): read from the route metadata Nest keeps, so the
 * document says `format: uuid` exactly where a malformed id answers 400.
 */
function uuidParams(app: INestApplication): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (typeof ctrl !== 'function') continue;
      for (const method of Object.getOwnPropertyNames(ctrl.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, method) ?? {}) as Record<
          string,
          { data?: unknown; pipes?: unknown[] }
        >;
        for (const [key, arg] of Object.entries(args)) {
          if (!key.startsWith(`${RouteParamtypes.PARAM}:`) || typeof arg.data !== 'string') continue;
          const isUuid = (arg.pipes ?? []).some((p) => p instanceof ParseUUIDPipe || p === ParseUUIDPipe);
          if (!isUuid) continue;
          const id = `${ctrl.name}_${method}`;
          found.set(id, (found.get(id) ?? new Set()).add(arg.data));
        }
      }
    }
  }
  return found;
}

/** Adds `codes` to a response's description, or creates the response. */
function mention(responses: Record<string, any>, status: string, codes: string) {
  const r = responses[status];
  if (!r) responses[status] = { description: codes };
  else if (!String(r.description ?? '').includes(codes)) r.description = `${r.description}; ${codes}`;
}

/**
 * What the API answers on every operation, said in the document: ids that must be UUIDs as
 * `format: uuid`; 400 (malformed JSON, too deep, not an object, field errors), 413 and 415 where
 * a body is read; 400 where a path id or query is checked; 503 when the database is away.
 */
export function documentEdges(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  const uuids = uuidParams(app);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = (item as Record<string, any>)[m];
      if (!op) continue;
      op.responses ??= {};
      const uuidNames = uuids.get(op.operationId) ?? new Set<string>();
      for (const p of op.parameters ?? []) {
        if (p.in === 'path' && uuidNames.has(p.name))
          p.schema = { ...(p.schema ?? {}), type: 'string', format: 'uuid' };
      }
      const content = op.requestBody?.content ?? {};
      if (content['application/json']) {
        mention(op.responses, '400', BODY_400);
        op.responses['413'] ??= {
          description: `PAYLOAD_TOO_LARGE 请求内容超过 ${JSON_BODY_LIMIT_TEXT}`,
        };
        op.responses['415'] ??= { description: 'UNSUPPORTED_CHARSET 请以 UTF-8 编码发送 JSON' };
      } else if (op.requestBody) {
        op.responses['400'] ??= { description: 'VALIDATION_FAILED' };
        op.responses['413'] ??= { description: 'PAYLOAD_TOO_LARGE' };
      }
      if (uuidNames.size > 0) mention(op.responses, '400', UUID_400);
      if ((op.parameters ?? []).some((p: any) => p.in === 'query')) mention(op.responses, '400', QUERY_400);
      // the health check reports the database's state itself
      if (path !== '/health') mention(op.responses, '503', DB_503);
    }
  }
  return doc;
}
