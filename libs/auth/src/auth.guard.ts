import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type Caller, type Role, roleSatisfies, TokenVerifier } from './api-tokens';
import { setCaller } from './caller';

const ROLE_KEY = 'po-sync:auth:role';
const PUBLIC_KEY = 'po-sync:auth:public';

export const UNAUTHORIZED_MESSAGE = 'send Authorization: Bearer <token> with a valid API token';

/** The least role a controller or handler needs (operator includes viewer). */
export const Roles = (role: Role) =>
  applyDecorators(
    SetMetadata(ROLE_KEY, role),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'no valid API token' }),
    ApiForbiddenResponse({ description: `the token lacks the ${role} role` }),
    ApiTooManyRequestsResponse({ description: 'rate limit reached; see Retry-After' }),
  );

/** Opts a route out of authentication. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

// The platform's own routes (libs/observability: probes and Prometheus scrapes, which carry no
// token). They cannot carry @Public() without that lib depending on this one, so they are matched
// by their declared route (not the request URL, which a client could shape).
const PLATFORM_ROUTE = /^\/?(health\/[^/]+|metrics)\/?$/;

export type RouteAccess = { public: true } | { public: false; role: Role };

function declaredPaths(target: object): string[] {
  const path = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
  return path === undefined ? [] : Array.isArray(path) ? path : [path];
}

export function routeAccess(reflector: Reflector, context: ExecutionContext): RouteAccess {
  const targets = [context.getHandler(), context.getClass()];
  if (reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return { public: true };
  const role = reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
  if (role) return { public: false, role };
  const atRoot = declaredPaths(context.getClass()).every((path) => path === '/' || path === '');
  const handlerPaths = declaredPaths(context.getHandler());
  if (atRoot && handlerPaths.length > 0 && handlerPaths.every((path) => PLATFORM_ROUTE.test(path)))
    return { public: true };
  // Fail closed: a route someone forgot to decorate is operator-only, never open.
  return { public: false, role: 'operator' };
}

export type AuthDecision = { ok: true; caller: Caller } | { ok: false; status: 401 | 403; message: string };

// RFC 6750 b64token; anything else is malformed and treated like a missing token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 512;

/** Pure decision for one request: never puts the presented token in the message. */
export function authorize(
  authorization: string | undefined,
  required: Role,
  verifier: Pick<TokenVerifier, 'verifyToken'>,
): AuthDecision {
  const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  const caller = token && token.length <= MAX_TOKEN_LENGTH ? verifier.verifyToken(token) : null;
  if (!caller) return { ok: false, status: 401, message: UNAUTHORIZED_MESSAGE };
  if (!roleSatisfies(caller.role, required))
    return {
      ok: false,
      status: 403,
      message: `this route needs the ${required} role; the token "${caller.name}" has the ${caller.role} role`,
    };
  return { ok: true, caller };
}

/**
 * Registered globally by AuthModule: every route needs a token unless it is @Public() or one of
 * the platform's probes, so a new controller is protected even when its author forgets.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const access = routeAccess(this.reflector, context);
    if (access.public) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const decision = authorize(request.headers.authorization, access.role, this.verifier);
    if (!decision.ok)
      throw decision.status === 401
        ? new UnauthorizedException(decision.message)
        : new ForbiddenException(decision.message);
    setCaller(request, decision.caller);
    return true;
  }
}
