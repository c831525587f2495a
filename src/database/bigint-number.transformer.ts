import type { ValueTransformer } from 'typeorm';

/**
 * pg returns bigint columns as strings (they may exceed 2^53); the amounts kept in them here
 * (cents) stay far below that, so they are read as numbers.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
