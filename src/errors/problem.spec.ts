import { BadRequestException, NotFoundException } from '@nestjs/common';
import { IdempotencyRequestInProgressError, InsufficientInventoryError } from './app-error';
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

  it("maps Nest's exceptions and body-parser errors", () => {
    expect(toProblem(new NotFoundException(), 1).body.code).toBe('NOT_FOUND');
    expect(toProblem(new BadRequestException('bad'), 1).body.code).toBe('VALIDATION_FAILED');
    const tooLarge = Object.assign(new Error('too large'), {
      type: 'entity.too.large',
      status: 413,
    });
    expect(toProblem(tooLarge, 1048576).body).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    const malformed = Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 });
    expect(toProblem(malformed, 1).body.code).toBe('VALIDATION_FAILED');
  });

  it('a database that cannot be reached is 503 with Retry-After', () => {
    const problem = toProblem(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      1,
    );
    expect(problem.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(problem.headers['Retry-After']).toBeDefined();
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
