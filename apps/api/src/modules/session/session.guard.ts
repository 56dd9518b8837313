/**
 * Authentication, role and CSRF checks for every protected route. State-changing requests must carry the
 * session's CSRF token in `X-CSRF-Token`, and it must equal the double-submit cookie (compared in constant
 * time). Origin is checked for every state change by the origin hook in app.factory.ts.
 */
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, applyDecorators, createParamDecorator, type Type } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { StaffRole } from '@corpweb/shared-types';
import { AppException } from '../../common/errors/app.exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { StaffRepository } from '../auth/staff.repository.js';
import { csrfCookieName, sessionTokenOf } from './session-cookies.js';
import { SessionService, type SessionContext, type SessionJoin, type SessionKind } from './session.service.js';

interface AuthRequirement {
  kind: SessionKind;
  roles?: StaffRole[];
  /** served to a staff session before its second factor (TOTP or a passkey) is enrolled (STAFF_TOTP) */
  beforeTotp?: boolean;
}
const AUTH_KEY = 'corpweb:auth';

export const MemberOnly = () =>
  applyDecorators(SetMetadata(AUTH_KEY, { kind: 'MEMBER' } satisfies AuthRequirement), ApiCookieAuth('member'), ApiSecurity('csrf'));
export const StaffOnly = (...roles: StaffRole[]) =>
  applyDecorators(SetMetadata(AUTH_KEY, { kind: 'STAFF', roles } satisfies AuthRequirement), ApiCookieAuth('staff'), ApiSecurity('csrf'));

/** Staff endpoints a session may use before its authenticator app is enrolled: me, logout, enrollment. */
export const StaffEnrolling = () =>
  applyDecorators(SetMetadata(AUTH_KEY, { kind: 'STAFF', beforeTotp: true } satisfies AuthRequirement), ApiCookieAuth('staff'), ApiSecurity('csrf'));

/**
 * A member route's first read, made in the guard's session statement (SessionService.resolve) instead of a round
 * trip of its own: a provider of the route's module that builds the read from the request, before its body is
 * validated. (A staff session's statement carries the staff check: role and second factor.)
 */
export interface SessionJoinSource<T> {
  joinFor(request: FastifyRequest): SessionJoin<T> | undefined;
}
const JOIN_KEY = 'corpweb:session-join';

export const ReadWithSession = <T>(source: Type<SessionJoinSource<T>>) => SetMetadata(JOIN_KEY, source);

export interface AuthenticatedRequest extends FastifyRequest {
  session?: SessionContext & { role?: StaffRole };
  /** what the route's SessionJoinSource read with the session; undefined when it joined nothing */
  readWithSession?: unknown;
}

/** The handler's view of its ReadWithSession read (undefined when the request gave nothing to read). */
export const ReadAlongSession = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().readWithSession,
);

export const CurrentSession = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const session = context.switchToHttp().getRequest<AuthenticatedRequest>().session;
  if (!session) throw new AppException('UNAUTHENTICATED');
  return session;
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

@Injectable()
export class SessionGuard implements CanActivate {
  private readonly joinSources = new Map<Type<SessionJoinSource<unknown>>, SessionJoinSource<unknown>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly sessions: SessionService,
    private readonly staff: StaffRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_KEY, [
      context.getHandler(), context.getClass(),
    ]);
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = sessionTokenOf(request, requirement.kind, this.config);
    if (requirement.kind === 'STAFF') {
      const resolved = await this.sessions.resolve('STAFF', token, this.staff.staffAccessJoin());
      if (!resolved?.joined) throw new AppException('UNAUTHENTICATED');
      this.checkCsrf(request, requirement.kind, resolved.session);
      const { role, secondFactorEnrolled } = resolved.joined;
      if (this.config.staffTotp && !secondFactorEnrolled && !requirement.beforeTotp) throw new AppException('MFA_ENROLLMENT_REQUIRED');
      if (requirement.roles?.length && !requirement.roles.includes(role)) throw new AppException('FORBIDDEN');
      request.session = { ...resolved.session, role };
      return true;
    }
    const joinSource = this.reflector.get<Type<SessionJoinSource<unknown>> | undefined>(JOIN_KEY, context.getHandler());
    const resolved = await this.sessions.resolve('MEMBER', token, joinSource && this.joinSourceOf(joinSource).joinFor(request));
    if (!resolved) throw new AppException('UNAUTHENTICATED');
    this.checkCsrf(request, requirement.kind, resolved.session);
    request.session = resolved.session;
    request.readWithSession = resolved.joined;
    return true;
  }

  /** State changes carry the session's CSRF token in the header and the double-submit cookie. */
  private checkCsrf(request: AuthenticatedRequest, kind: SessionKind, session: SessionContext): void {
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const headerToken = Array.isArray(header) ? header[0] : header;
      const cookieToken = request.cookies?.[csrfCookieName(kind, this.config)];
      if (!sameToken(headerToken, session.csrfToken) || !sameToken(cookieToken, session.csrfToken)) {
        throw new AppException('CSRF_TOKEN_INVALID');
      }
    }
  }

  private joinSourceOf(type: Type<SessionJoinSource<unknown>>): SessionJoinSource<unknown> {
    const known = this.joinSources.get(type);
    if (known) return known;
    const source = this.moduleRef.get(type, { strict: false });
    this.joinSources.set(type, source);
    return source;
  }
}
