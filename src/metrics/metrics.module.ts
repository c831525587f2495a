import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { QueueMetrics } from './queue-metrics';

/** The registry and its scrape route; HTTP requests are counted by the hook in http-metrics.hook.ts. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, QueueMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
