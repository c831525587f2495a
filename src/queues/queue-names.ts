/** Every Bull queue and job name of the service, in one place. */
export const QUEUES = {
  idempotencyCleanup: 'idempotency-cleanup',
  reservationExpiry: 'reservation-expiry',
  webhookEvents: 'webhook-events',
  paymentRecovery: 'payment-recovery',
} as const;

export const JOBS = {
  idempotencyCleanup: 'delete-expired-keys',
  reservationExpiry: 'sweep-expired',
  webhookProcess: 'process-event',
  webhookRedrive: 'redrive-pending',
  paymentRecovery: 'recover-between-phases',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
