/** Every Bull queue and job name of the service, in one place. */
export const QUEUES = {
  idempotencyCleanup: 'idempotency-cleanup',
  reservationExpiry: 'reservation-expiry',
} as const;

export const JOBS = {
  idempotencyCleanup: 'delete-expired-keys',
  reservationExpiry: 'sweep-expired',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
