import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  IdempotencyRequestInProgressError,
  InsufficientInventoryError,
  MAX_FIELD_ERRORS,
  RateLimitedError,
  ValidationFailedError,
} from './app-error';
import { ERROR_CODES } from './error-codes';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('maps a domain error to its code, status and headers', () => {
    const problem = toProblem(new IdempotencyRequestInProgressError(2.2), 1024);
    expect(problem.body).toMatchObject({ status: 409, code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    expect(problem.headers['Retry-After']).toBe('3');
    expect(problem.unexpected).toBe(false);
    expect(toProblem(new InsufficientInventoryError('only 2 left'), 1024).body).toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_INVENTORY',
      detail: 'only 2 left',
    });
  });

  it('Retry-After is at least 1', () => {
    expect(toProblem(new IdempotencyRequestInProgressError(0.1), 1).headers['Retry-After']).toBe(
      '1',
    );
  });

  it("maps Nest's exceptions and the HTTP framework's client errors", () => {
    expect(toProblem(new NotFoundException(), 1).body.code).toBe('NOT_FOUND');
    expect(toProblem(new BadRequestException('bad'), 1).body.code).toBe('VALIDATION_FAILED');
    const tooLarge = Object.assign(new Error('too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toProblem(tooLarge, 1048576).body).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'The request body exceeds 1048576 bytes.',
    });
    const badUrl = Object.assign(new Error("'/%' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(toProblem(badUrl, 1).body.code).toBe('VALIDATION_FAILED');
    const longParam = Object.assign(new Error('x'), {
      code: 'FST_ERR_MAX_PARAM_LENGTH',
      statusCode: 414,
    });
    expect(toProblem(longParam, 1).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('a database that cannot be reached is 503 with Retry-After', () => {
    const problem = toProblem(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      1,
    );
    expect(problem.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(problem.headers['Retry-After']).toBeDefined();
  });

  it("PgBouncer's errors (SQLSTATE 08P01) are 503 too: the database is unavailable behind it", () => {
    const problem = toProblem(Object.assign(new Error('query_wait_timeout'), { code: '08P01' }), 1);
    expect(problem.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it("TypeORM's error for a data source that is not connected is 503 too", () => {
    const error = Object.assign(new Error('Driver not Connected'), { name: 'TypeORMError' });
    expect(toProblem(error, 1).body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('anything else is INTERNAL and does not leak the message', () => {
    const problem = toProblem(new Error('password=hunter2'), 1);
    expect(problem.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem.body)).not.toContain('hunter2');
    expect(problem.unexpected).toBe(true);
  });
});

describe('toProblem: what a client can cause is never a 500, and a fault of ours is', () => {
  it('an error with a type and a 4xx status of its own (a Stripe SDK error) is INTERNAL', () => {
    const stripeError = Object.assign(new Error('Your card was declined.'), {
      type: 'StripeCardError',
      statusCode: 402,
    });
    const problem = toProblem(stripeError, 1);
    expect(problem.body).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(problem.unexpected).toBe(true);
    const apiError = Object.assign(new Error('x'), { type: 'api_error', status: 400 });
    expect(toProblem(apiError, 1).body.code).toBe('INTERNAL');
  });

  it('an error that only looks like a framework error (an unknown FST_ code) is INTERNAL', () => {
    const error = Object.assign(new Error('x'), { code: 'FST_ERR_SOMETHING_NEW', statusCode: 400 });
    expect(toProblem(error, 1).body.code).toBe('INTERNAL');
  });

  it.each(['22021', '22P05'])('PostgreSQL %s (a character it cannot store) is 400', (code) => {
    const driverError = Object.assign(new Error('invalid byte sequence'), { code });
    const error = Object.assign(new Error('query failed'), { driverError });
    expect(toProblem(error, 1).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('errors[] is capped at 20 entries with the total', () => {
    const fields = Array.from({ length: 5000 }, (_, i) => ({
      field: `f${i}`,
      messages: [`property f${i} should not exist`],
    }));
    const problem = toProblem(ValidationFailedError.fromFields(fields), 1);
    expect(problem.body.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(problem.body.errorsTotal).toBe(5000);
    expect(JSON.stringify(problem.body).length).toBeLessThan(4000);
    expect(problem.body.detail).toContain('and 4980 more');
  });

  it('titles come from the registry', () => {
    expect(toProblem(new RateLimitedError(5, 0.2), 1).body).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      title: ERROR_CODES.RATE_LIMITED.title,
    });
    expect(toProblem(new RateLimitedError(5, 0.2), 1).headers['Retry-After']).toBe('1');
  });
});
