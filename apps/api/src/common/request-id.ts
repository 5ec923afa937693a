import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Gives every request an id (kept from X-Request-Id when the caller sends a sane one). */
export function requestId(req: Request & { id?: string }, res: Response, next: NextFunction) {
  const given = req.header('x-request-id');
  req.id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}
