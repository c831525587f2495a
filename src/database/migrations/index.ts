import { InitialSchema1764288000000 } from './1764288000000-initial-schema';
import { TicketsAndReservations1764374400000 } from './1764374400000-tickets-and-reservations';
import { OrdersPaymentsTickets1764460800000 } from './1764460800000-orders-payments-tickets';
import { SagaHardening1764633600000 } from './1764633600000-saga-hardening';
import { WebhookEvents1764547200000 } from './1764547200000-webhook-events';
import { CheckIns1795909469015 } from './1795909469015-check-ins';
import { TenantKeyNotify1795910102431 } from './1795910102431-tenant-key-notify';
import { ProviderPhases1795990000000 } from './1795990000000-provider-phases';

/** Every migration, in order. Listed by hand so the app, the CLI and jest load the same classes. */
export const MIGRATIONS = [
  InitialSchema1764288000000,
  TicketsAndReservations1764374400000,
  OrdersPaymentsTickets1764460800000,
  WebhookEvents1764547200000,
  SagaHardening1764633600000,
  CheckIns1795909469015,
  TenantKeyNotify1795910102431,
  ProviderPhases1795990000000,
];
