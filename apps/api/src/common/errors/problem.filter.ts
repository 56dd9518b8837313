/**
 * Renders every error as RFC 9457 problem+json. Expected failures carry a code; anything unknown becomes a
 * bare 500 with a correlation id — never a stack trace, never a message that could carry card data.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, ProblemDetails } from '@corpweb/shared-types';
import { AppException, STATUS_BY_CODE, TITLE_BY_CODE } from './app.exception.js';

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'EPIPE', 'ER_CON_COUNT_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED', 'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK', 'POOL_CLOSED', 'ER_NO_DB_ERROR',
]);

export function toAppException(error: unknown): AppException | undefined {
  if (error instanceof AppException) return error;
  const err = error as { code?: string; statusCode?: number; driverError?: { code?: string }; errno?: number };
  if (err && typeof err === 'object') {
    // fastify's own errors (body parsing, content type, size)
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppException('UNSUPPORTED_MEDIA_TYPE');
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppException('PAYLOAD_TOO_LARGE');
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return new AppException('MALFORMED_REQUEST');
    }
    if (err.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError) return new AppException('MALFORMED_REQUEST');
    const dbCode = err.driverError?.code ?? err.code;
    if (dbCode && DB_DOWN_CODES.has(dbCode)) return new AppException('SERVICE_UNAVAILABLE', undefined, { 'retry-after': '5' });
    if (err.statusCode === 400) return new AppException('MALFORMED_REQUEST');
    if (err.statusCode === 413) return new AppException('PAYLOAD_TOO_LARGE');
    if (err.statusCode === 415) return new AppException('UNSUPPORTED_MEDIA_TYPE');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code: ErrorCode | undefined =
      status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : status === 413 ? 'PAYLOAD_TOO_LARGE'
        : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 400 ? 'MALFORMED_REQUEST' : status === 403 ? 'FORBIDDEN'
          : status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RATE_LIMITED' : undefined;
    if (code) return new AppException(code);
  }
  return undefined;
}

export function problemBody(exception: AppException, requestId: string): ProblemDetails {
  return {
    type: `https://corpweb.example/problems/${exception.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLE_BY_CODE[exception.code] ?? exception.code.replaceAll('_', ' ').toLowerCase(),
    status: STATUS_BY_CODE[exception.code],
    code: exception.code,
    ...(exception.fieldErrors ? { errors: exception.fieldErrors } : {}),
    instance: `urn:request:${requestId}`,
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let exception = toAppException(error);
    if (!exception) {
      // log the type and a safe message only; driver messages may echo SQL parameters
      const err = error as { name?: string; code?: string };
      this.logger.error({ requestId: request.id, errorName: err?.name, errorCode: err?.code }, 'unhandled error');
      exception = new AppException('INTERNAL_ERROR');
    } else if (exception.code === 'SERVICE_UNAVAILABLE') {
      this.logger.warn({ requestId: request.id }, 'database unavailable');
    }
    sendProblem(reply, exception, String(request.id));
  }
}

export function sendProblem(reply: FastifyReply, exception: AppException, requestId: string): FastifyReply {
  return reply
    .status(exception.status)
    .headers(exception.headers)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(problemBody(exception, requestId)));
}
