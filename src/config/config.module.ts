import { DynamicModule, Inject, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';

/**
 * The injection token of the parsed configuration. Providers built by a factory name it in
 * `inject`; classes use @InjectAppConfig().
 */
export const APP_CONFIG = 'APP_CONFIG';

/** Injects the typed, already validated configuration (AppConfig). */
export const InjectAppConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/**
 * The configuration is parsed and validated once, before the application is built (loadConfig in
 * main.ts, or in a test), so a bad variable stops the start with one line naming it, and a test
 * can build several differently configured applications in one process. This module only makes
 * that object injectable everywhere. (@nestjs/config is not used: its ConfigService would be a
 * second, untyped way to read the same values, and its .env loading is not wanted.)
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
