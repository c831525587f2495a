/**
 * Bench-only entry point, run with ts-node by bench/run.ts. BENCH_MODE picks the application:
 * - ours:          the service as main.ts builds it (same module, same HTTP set-up);
 * - peer:          PeerBenchAppModule (our layer bypassed, @node-idempotency/nestjs on Redis);
 * - webhook-noop:  the service with a payment-event processor that returns at once;
 * - webhook-200ms: the same with a processor that holds its transaction for 200 ms.
 * The webhook modes replace PaymentsService.applyProviderEvent on the running instance, so the
 * receiver, the inbox INSERT, Bull and the worker's own statements are the real ones.
 */
import 'reflect-metadata';
import { AppModule } from '../src/app.module';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app-config';
import type { ApplyOutcome } from '../src/modules/payments/payment-events';
import { PaymentsService } from '../src/modules/payments/payments.service';
import { PeerBenchAppModule } from './peer-app.module';

const MODES = ['ours', 'peer', 'webhook-noop', 'webhook-200ms'] as const;
type Mode = (typeof MODES)[number];

async function main(): Promise<void> {
  const mode = (process.env.BENCH_MODE ?? 'ours') as Mode;
  if (!MODES.includes(mode)) throw new Error(`BENCH_MODE must be one of ${MODES.join(', ')}`);
  const config = loadConfig({
    ...process.env,
    BENCH_BYPASS_IDEMPOTENCY: mode === 'peer' ? 'true' : 'false',
  });
  const root = mode === 'peer' ? PeerBenchAppModule.forRoot(config) : AppModule.forRoot(config);
  const app = await createApp(root, config, { logger: ['error', 'warn'] });
  if (mode === 'webhook-noop' || mode === 'webhook-200ms') {
    const delayMs = mode === 'webhook-200ms' ? 200 : 0;
    const payments = app.get(PaymentsService);
    payments.applyProviderEvent = async (): Promise<ApplyOutcome> => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { status: 'ignored', note: `bench processor (${delayMs} ms)` };
    };
  }
  await app.listen(config.port, '127.0.0.1');
  process.stdout.write(`bench server (${mode}) on ${config.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
