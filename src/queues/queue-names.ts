/** Every Bull queue and job name of the service, in one place. */
export const QUEUES = {
  idempotencyCleanup: 'idempotency-cleanup',
  reservationExpiry: 'reservation-expiry',
  webhookEvents: 'webhook-events',
} as const;

export const JOBS = {
  idempotencyCleanup: 'delete-expired-keys',
  reservationExpiry: 'sweep-expired',
  webhookProcess: 'process-event',
  webhookRedrive: 'redrive-pending',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
