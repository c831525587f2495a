import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppModule } from './app.module';
import { createApp } from './app.setup';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { scrubSecrets } from './logging/redaction';
import { TenantsService } from './modules/tenants/tenants.service';

async function printWelcome(config: AppConfig, seeded: { apiKey: string } | null): Promise<void> {
  const lines = [
    '',
    `ticket-service listening on ${config.publicUrl}`,
    `  API docs (Swagger UI): ${config.publicUrl}/docs`,
    `  Health:                ${config.publicUrl}/health`,
  ];
  if (seeded !== null) {
    lines.push(
      '',
      'Demo tenant created (first start with an empty database). Its API key, shown this once:',
      `  ${seeded.apiKey}`,
      `Try: curl -H "Authorization: Bearer ${seeded.apiKey}" ${config.publicUrl}/v1/events`,
    );
  } else if (config.seedDemoTenant) {
    lines.push(
      '',
      'Tenants exist already; their keys are shown once, at creation. Issue a new one with',
      `  POST /v1/admin/tenants/{id}/api-keys (admin token)`,
    );
  }
  // In production stdout is the log: the key goes through the same scrubber as every log line
  // (only its display prefix stays); a newcomer on a development machine sees it whole.
  const text = lines.join('\n') + '\n\n';
  process.stdout.write(config.nodeEnv === 'production' ? scrubSecrets(text) : text);
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp(AppModule.forRoot(config), config);
  // Every interface, IPv6 and IPv4 (Fastify alone would listen on localhost only); IPv4 alone
  // where the machine has no IPv6.
  await app.listen(config.port, '::').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EAFNOSUPPORT' && error.code !== 'EADDRNOTAVAIL') throw error;
    await app.listen(config.port, '0.0.0.0');
  });

  const seeded = config.seedDemoTenant ? await app.get(TenantsService).seedDemoTenant() : null;
  await printWelcome(config, seeded);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
