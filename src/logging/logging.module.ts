import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { LogContextInterceptor } from './log-context.interceptor';
import { logParams } from './log-options';

/**
 * Structured JSON logs (pino through nestjs-pino). configureApp makes Nest's own logger write
 * through it too. nestjs-pino keeps ONE pino instance per process: the first application built in
 * a process fixes the level and destination for all of them (tests build one per file).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(logParams(config))],
      providers: [{ provide: APP_INTERCEPTOR, useClass: LogContextInterceptor }],
      exports: [LoggerModule],
    };
  }
}
