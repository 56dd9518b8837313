/** Who is asking, for audit records and consent: client IP and user agent, trimmed to column sizes. */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface RequestMeta {
  ip: string;
  userAgent: string;
  requestId: string;
}

export function requestMetaOf(request: FastifyRequest): RequestMeta {
  return {
    ip: (request.ip ?? '').slice(0, 45),
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 512),
    requestId: String(request.id),
  };
}

export const Meta = createParamDecorator((_: unknown, context: ExecutionContext): RequestMeta =>
  requestMetaOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
