/**
 * The ACS never answers a 500 page to a DS or a browser: an error while reading an AReq is an Erro (101 for a
 * body the parser refused, 404 "transient system failure" for anything else, e.g. the database being away),
 * an error on the challenge form is the challenge error page; other routes get problem+json.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception.js';
import { sendProblem, toAppException } from '../../common/errors/problem.filter.js';
import { ChallengePages } from './challenge/challenge-pages.js';
import { languageOf } from './challenge/challenge-texts.js';
import { acsError } from './messages/acs-error.js';

@Catch()
export class AcsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AcsExceptionFilter');

  constructor(private readonly pages: ChallengePages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const path = (request.routeOptions?.url ?? request.url.split('?')[0] ?? '');
    const known = toAppException(error);
    if (!known || known.status >= 500) {
      const err = error as { name?: string; code?: string };
      this.logger.error({ requestId: request.id, path, errorName: err?.name, errorCode: err?.code }, 'ACS request failed');
    }
    const bodyRefused = known !== undefined && known.status < 500;
    if (path === '/3ds/v2/areq') {
      const erro = bodyRefused
        ? acsError('101', 'Message received invalid', 'body', 'AReq', '2.3.1')
        : acsError('404', 'Transient system failure', 'ACS temporarily unavailable', 'AReq', '2.3.1');
      void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(erro));
      return;
    }
    if (path === '/3ds/v2/challenge') {
      const erro = bodyRefused
        ? acsError('203', 'Format or value of one or more data elements is invalid', 'body', 'CReq', '2.3.1')
        : acsError('404', 'Transient system failure', 'ACS temporarily unavailable', 'CReq', '2.3.1');
      const html = this.pages.error({ language: languageOf(String(request.headers['accept-language'] ?? '')), erro });
      void reply.status(bodyRefused ? 400 : 503).header('content-type', 'text/html; charset=utf-8').send(html);
      return;
    }
    sendProblem(reply, known ?? new AppException('INTERNAL_ERROR'), String(request.id));
  }
}
