import { Injectable } from '@nestjs/common';

/**
 * How the inbox is driven through Bull. Values are in code rather than the environment because
 * operators have had no reason to tune them; an e2e test shortens them on its own application
 * (`app.get(WebhookProcessingPolicy)`) so that retries take milliseconds, not seconds.
 */
@Injectable()
export class WebhookProcessingPolicy {
  /** Bull attempts per enqueue. After the last one the event is `failed` (or, for an unknown payment, processed with a note). */
  attempts = 5;
  /** Exponential backoff base: with 5 attempts the retries wait 1, 2, 4 and 8 s (15 s in all). */
  backoffMs = 1000;
  /** The receiver answers within about this even when Redis hangs; the re-drive catches up. */
  enqueueDeadlineMs = 1000;
  /** A pending row younger than this is left alone by the re-drive: its own enqueue may be in flight. */
  redriveMinAgeMs = 5000;
  /**
   * A row in `processing` for longer than this is presumed abandoned (a worker died mid-job) and
   * may be claimed again. Far above any real processing time, which is a few database statements.
   */
  processingLeaseMs = 60_000;
  /** Rows enqueued per re-drive run; a larger backlog is finished by the next runs. */
  redriveBatchSize = 500;
}
