import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { RequestValidationError } from './zod-validation.pipe';

/**
 * A domain error with a stable code and the HTTP status it means, thrown by services (which never
 * throw HttpException, STYLE.md rule 6): `new ApiError(409, 'RESYNC.SCOPE_BUSY', '…')`.
 */
export class ApiError extends Error {
  public readonly retryable: boolean;

  constructor(
    public readonly httpStatus: number,
    public readonly code: string,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.retryable = options.retryable ?? false;
  }
}

/** The JSON body of every error answer (DESIGN.md §5); `code` only for domain errors. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** True for server-side faults, which are logged with their stack; client errors are not. */
  log: boolean;
}

export const INTERNAL_ERROR_MESSAGE = 'an unexpected error occurred; it has been logged';

const statusName = (status: number) => STATUS_CODES[status] ?? 'Error';
const isHttpStatus = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;

function answer(status: number, message: string, code?: string): ErrorResponse {
  const body: ErrorBody = { statusCode: status, error: statusName(status), message };
  if (code !== undefined) body.code = code;
  // RFC 6750: a 401 tells the client which scheme to use.
  const headers: Record<string, string> =
    status === 401 ? { 'WWW-Authenticate': 'Bearer realm="po-sync"' } : {};
  return { status, body, headers, log: status >= 500 };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return answer(status, response);
  const { message, error } = response as { message?: unknown; error?: unknown };
  const text = Array.isArray(message)
    ? message.map(String).join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
  const result = answer(status, text);
  if (typeof error === 'string') result.body.error = error;
  return result;
}

/** Errors of the http-errors kind raised by express's body parser before any Nest code runs. */
function fromBodyParser(error: object): ErrorResponse | null {
  const { status, expose, type, limit, message } = error as Record<string, unknown>;
  if (!isHttpStatus(status) || expose !== true || status >= 500) return null;
  if (type === 'entity.too.large')
    return answer(status, `the request body is larger than the limit of ${String(limit)} bytes`);
  return answer(status, typeof message === 'string' ? message : statusName(status));
}

/** Pure mapping from anything thrown while serving a request to the answer the client gets. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof RequestValidationError) return answer(400, exception.message);
  if (typeof exception === 'object' && exception !== null) {
    // Any domain error shaped like ApiError, so services may keep their own error classes.
    const { httpStatus, code, message } = exception as Record<string, unknown>;
    if (isHttpStatus(httpStatus) && typeof code === 'string' && typeof message === 'string')
      return answer(httpStatus, message, code);
    const parserError = fromBodyParser(exception);
    if (parserError) return parserError;
  }
  // Including a bare ZodError: request input is validated by ZodValidationPipe/parseRequest, so a
  // ZodError that gets here is our own data or a dependency's failing its schema — not the client's fault.
  return answer(500, INTERNAL_ERROR_MESSAGE);
}

/** Maps every error to `{ statusCode, error, message[, code] }` and logs server-side faults. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { status, body, headers, log } = toErrorResponse(exception);
    if (log)
      this.logger.error(
        { err: exception, method: request.method, path: request.path, status },
        'HTTP request failed',
      );
    // The answer may already be on its way (a streamed body); the connection is all that is left.
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }
}
