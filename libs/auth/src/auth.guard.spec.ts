import {
  Controller,
  type ExecutionContext,
  ForbiddenException,
  Get,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hashToken, parseApiTokens, TokenVerifier } from './api-tokens';
import { AuthGuard, authorize, Public, Roles, routeAccess, UNAUTHORIZED_MESSAGE } from './auth.guard';
import { currentCaller, findCaller } from './caller';

const verifier = new TokenVerifier(
  parseApiTokens(`viewer:val:${hashToken('viewer-token')},operator:olga:${hashToken('operator-token')}`),
);

describe('authorize', () => {
  it.each([
    ['no header', undefined, 'viewer', 401],
    ['an empty header', '', 'viewer', 401],
    ['another scheme', 'Basic dmlld2VyLXRva2Vu', 'viewer', 401],
    ['Bearer without a token', 'Bearer ', 'viewer', 401],
    ['a token with spaces', 'Bearer viewer token', 'viewer', 401],
    ['an unknown token', 'Bearer not-a-token', 'viewer', 401],
    ['a huge token', `Bearer ${'x'.repeat(10_000)}`, 'viewer', 401],
    ['a viewer on an operator route', 'Bearer viewer-token', 'operator', 403],
    ['a viewer on a viewer route', 'Bearer viewer-token', 'viewer', 200],
    ['an operator on a viewer route', 'Bearer operator-token', 'viewer', 200],
    ['an operator on an operator route', 'bearer operator-token', 'operator', 200],
  ] as const)('%s → %d', (_label, header, required, status) => {
    const decision = authorize(header, required, verifier);
    expect(decision.ok ? 200 : decision.status).toBe(status);
    const presented = header?.split(' ')[1] || '(none)';
    if (!decision.ok) expect(decision.message).not.toContain(presented);
  });

  it('says how to authenticate, and which role is needed', () => {
    expect(authorize(undefined, 'viewer', verifier)).toEqual({
      ok: false,
      status: 401,
      message: UNAUTHORIZED_MESSAGE,
    });
    expect(authorize('Bearer viewer-token', 'operator', verifier)).toEqual({
      ok: false,
      status: 403,
      message: 'this route needs the operator role; the token "val" has the viewer role',
    });
  });
});

@Controller('v1/things')
@Roles('viewer')
class ThingsController {
  @Get()
  list(): void {}
  @Get('danger')
  @Roles('operator')
  danger(): void {}
  @Get('open')
  @Public()
  open(): void {}
}

@Controller('v1/forgotten')
class ForgottenController {
  @Get()
  list(): void {}
}

// Mirrors libs/observability's ObservabilityController, which cannot import @Public().
@Controller()
class PlatformLikeController {
  @Get('health/live')
  live(): void {}
  @Get('metrics')
  metrics(): void {}
  @Get('metrics/secret')
  notPlatform(): void {}
}

function httpContext(controller: new () => object, method: string, headers: Record<string, string> = {}) {
  const request = { headers };
  const handler = (controller.prototype as Record<string, () => void>)[method]!;
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  const reflector = new Reflector();
  const guard = new AuthGuard(reflector, verifier);

  it.each([
    [ThingsController, 'list', { public: false, role: 'viewer' }],
    [ThingsController, 'danger', { public: false, role: 'operator' }],
    [ThingsController, 'open', { public: true }],
    [ForgottenController, 'list', { public: false, role: 'operator' }],
    [PlatformLikeController, 'live', { public: true }],
    [PlatformLikeController, 'metrics', { public: true }],
    [PlatformLikeController, 'notPlatform', { public: false, role: 'operator' }],
  ] as const)('%p.%s access is %p', (controller, method, expected) => {
    expect(routeAccess(reflector, httpContext(controller, method).context)).toEqual(expected);
  });

  it.each([
    ['viewer on an operator route', ThingsController, 'danger', 'viewer-token', ForbiddenException],
    ['viewer on an undecorated route', ForgottenController, 'list', 'viewer-token', ForbiddenException],
    ['unknown token', ThingsController, 'list', 'nope', UnauthorizedException],
  ] as const)('refuses %s', (_label, controller, method, token, expected) => {
    const { context, request } = httpContext(controller, method, { authorization: `Bearer ${token}` });
    expect(() => guard.canActivate(context)).toThrow(expected);
    expect(findCaller(request)).toBeUndefined();
  });

  it('lets an operator on a viewer route and records who called', () => {
    const { context, request } = httpContext(ThingsController, 'list', {
      authorization: 'Bearer operator-token',
    });
    expect(guard.canActivate(context)).toBe(true);
    expect(currentCaller(request)).toEqual({ name: 'olga', role: 'operator' });
  });

  it('lets a public route through without a token', () => {
    const { context, request } = httpContext(PlatformLikeController, 'live');
    expect(guard.canActivate(context)).toBe(true);
    expect(() => currentCaller(request)).toThrow(/@Public/);
  });
});
