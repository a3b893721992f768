import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller } from './api-tokens';

// Kept beside the request rather than as a property on it: no global augmentation of express's
// Request type, and nothing a handler or a body could set by accident.
const callers = new WeakMap<object, Caller>();

export function setCaller(request: object, caller: Caller): void {
  callers.set(request, caller);
}

export function findCaller(request: object): Caller | undefined {
  return callers.get(request);
}

/** The authenticated caller of a guarded route, for auditing. Throws on a `@Public()` route. */
export function currentCaller(request: object): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error('no authenticated caller on this request: is the route @Public()?');
  return caller;
}

/** Handler parameter `@CurrentCaller() caller: Caller` — `{ name, role }` of the token used. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  currentCaller(context.switchToHttp().getRequest<object>()),
);
