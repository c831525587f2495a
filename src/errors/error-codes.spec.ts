import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_ERROR_CODES,
  ERROR_CODES,
  ERROR_TABLE_END,
  ERROR_TABLE_START,
  renderErrorTable,
  withErrorTable,
} from './error-codes';
import * as errors from './app-error';
import { AppError } from './app-error';

describe('the error registry', () => {
  it("the README's error table is the one made from the registry (npm run docs:errors)", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(ERROR_TABLE_START);
    expect(withErrorTable(readme)).toBe(readme);
    for (const code of ALL_ERROR_CODES) expect(renderErrorTable()).toContain(`| ${code} |`);
    expect(readme.indexOf(ERROR_TABLE_END)).toBeGreaterThan(readme.indexOf(ERROR_TABLE_START));
  });

  it('every AppError subclass takes its status and title from the registry', () => {
    const instances: AppError[] = [
      new errors.ValidationFailedError('x'),
      new errors.IdempotencyKeyMissingError(),
      new errors.IdempotencyKeyInvalidError(),
      new errors.UnauthorizedError(),
      new errors.NotFoundError(),
      new errors.IdempotencyRequestInProgressError(1),
      new errors.IdempotencyKeyReusedError(),
      new errors.InsufficientInventoryError('x'),
      new errors.ReservationNotActiveError('x'),
      new errors.InvalidStateError('x'),
      new errors.WebhookSignatureInvalidError('x'),
      new errors.PayloadTooLargeError('x'),
      new errors.ServiceUnavailableError(),
      new errors.RateLimitedError(10, 1),
      new errors.BodyRejectedError('x', 'maxDepth'),
    ];
    for (const error of instances) {
      expect(error.status).toBe(ERROR_CODES[error.code].status);
      expect(error.title).toBe(ERROR_CODES[error.code].title);
    }
  });

  it('codes are upper snake case and statuses are 4xx or 5xx', () => {
    for (const code of ALL_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(ERROR_CODES[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODES[code].status).toBeLessThan(600);
    }
  });
});
