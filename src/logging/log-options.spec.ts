import pino from 'pino';
import { loadConfig } from '../config/app-config';
import { logParams } from './log-options';

/** Builds the pino logger the service would build for `env`, capturing what reaches stdout. */
function loggerFor(env: Record<string, string>) {
  const params = logParams(loadConfig(env)).pinoHttp as [
    pino.LoggerOptions,
    pino.DestinationStream,
  ];
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((
    chunk: string | Uint8Array,
  ) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write);
  return { logger: pino(params[0], params[1]), written, restore: () => spy.mockRestore() };
}

describe('log output', () => {
  const apiKey = 'tsk_' + 'A'.repeat(43);

  it('development: one readable line per record, secrets redacted and scrubbed before pino-pretty', () => {
    const { logger, written, restore } = loggerFor({ LOG_LEVEL: 'info' });
    try {
      logger.info({ apiKey, context: 'Tenants' }, `issued ${apiKey} for Bearer abc.def`);
    } finally {
      restore();
    }
    const text = written.join('');
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain('abc.def');
    expect(text).not.toMatch(/^\{/);
    expect(text).toMatch(/INFO.*\[Tenants\] issued tsk_\[Redacted\] for Bearer \[Redacted\]/);
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('production: JSON lines, redacted', () => {
    const { logger, written, restore } = loggerFor({
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      PAYMENT_WEBHOOK_SECRET: 'whsec_x',
    });
    try {
      logger.info({ apiKey }, 'created');
    } finally {
      restore();
    }
    const record = JSON.parse(written.join('')) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'info', msg: 'created', apiKey: '[Redacted]' });
  });
});
