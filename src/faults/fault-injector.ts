import { Global, Injectable, Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { FaultPoint, FaultRule, InjectedFault, parseFaultSpec } from './fault-spec';

export { FAULT_POINTS, InjectedFault } from './fault-spec';
export type { FaultPoint } from './fault-spec';

@Injectable()
export class FaultInjector {
  private readonly logger = new Logger(FaultInjector.name);
  private readonly rules: Map<FaultPoint, FaultRule>;
  private readonly production: boolean;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.production = config.nodeEnv === 'production';
    this.rules = config.faultInjection === null ? new Map() : parseFaultSpec(config.faultInjection);
  }

  /** Tests: arm a point (once by default). Refused where the configuration refuses faults. */
  arm(point: FaultPoint, rule: Partial<FaultRule> = {}): void {
    if (this.production) throw new Error('fault injection is refused when NODE_ENV=production');
    this.rules.set(point, { probability: 1, action: 'throw', times: 1, ...rule });
  }

  disarm(point?: FaultPoint): void {
    if (point === undefined) this.rules.clear();
    else this.rules.delete(point);
  }

  hit(point: FaultPoint): void {
    const rule = this.rules.get(point);
    if (rule === undefined || Math.random() >= rule.probability) return;
    if (rule.times !== undefined) {
      if (rule.times <= 1) this.rules.delete(point);
      else rule.times--;
    }
    this.logger.warn(`fault injected at ${point} (${rule.action})`);
    if (rule.action === 'kill') process.kill(process.pid, 'SIGKILL');
    throw new InjectedFault(point);
  }
}

@Global()
@Module({ providers: [FaultInjector], exports: [FaultInjector] })
export class FaultsModule {}
