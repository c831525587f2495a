import { DynamicModule, Inject, Module } from '@nestjs/common';
import { ConfigModule, getConfigToken, registerAs } from '@nestjs/config';
import type { AppConfig } from './app-config';

export const APP_CONFIG_NAMESPACE = 'app';
const APP_CONFIG_TOKEN = getConfigToken(APP_CONFIG_NAMESPACE);

/** Injects the typed configuration that @nestjs/config holds under the `app` namespace. */
export const InjectAppConfig = (): ParameterDecorator => Inject(APP_CONFIG_TOKEN);

/**
 * The configuration is parsed and validated before the application is built (see main.ts), so a bad
 * variable stops the start with one line; this module only hands the parsed object to @nestjs/config.
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [registerAs(APP_CONFIG_NAMESPACE, () => ({ ...config }))],
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
