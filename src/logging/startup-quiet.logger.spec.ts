import type { LoggerService } from '@nestjs/common';
import { StartupQuietLogger } from './startup-quiet.logger';

describe('StartupQuietLogger', () => {
  const inner = () =>
    ({
      log: jest.fn(),
      error: jest.fn(),
      warn: jest.fn(),
      debug: jest.fn(),
    }) satisfies LoggerService;

  it("sends Nest's module and route lines to debug, everything else as it came", () => {
    const target = inner();
    const logger = new StartupQuietLogger(target);
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/v1/events, POST} route', 'RouterExplorer');
    logger.log('released 3 expired holds', 'ReservationsService');
    logger.warn('Redis is reconnecting', 'WebhooksService');
    expect(target.debug.mock.calls).toEqual([
      ['AppModule dependencies initialized', 'InstanceLoader'],
      ['Mapped {/v1/events, POST} route', 'RouterExplorer'],
    ]);
    expect(target.log.mock.calls).toEqual([['released 3 expired holds', 'ReservationsService']]);
    expect(target.warn).toHaveBeenCalledWith('Redis is reconnecting', 'WebhooksService');
  });
});
