import type { TestApp } from './app';
import { eventually } from './webhooks';
import type { TestTenant } from './factories';

export interface OrderBody {
  id: string;
  status: string;
  reservationId: string;
  ticketTypeId: string;
  quantity: number;
  totalCents: number;
  currency: string;
  paymentId: string;
  customerEmail: string;
  tickets: Array<{ id: string; code: string; status: string }>;
  note: string | null;
}

export async function getOrder(t: TestApp, tenant: TestTenant, id: string): Promise<OrderBody> {
  const res = await t.http().get(`/v1/orders/${id}`).set(tenant.auth).expect(200);
  return res.body as OrderBody;
}

/** Waits until the order leaves pending_payment (or reaches `status`). */
export function orderSettles(
  t: TestApp,
  tenant: TestTenant,
  id: string,
  status?: string,
  timeoutMs = 20000,
): Promise<OrderBody> {
  return eventually(
    `order ${id} to be ${status ?? 'settled'}`,
    () => getOrder(t, tenant, id),
    (o) => (status === undefined ? o.status !== 'pending_payment' : o.status === status),
    timeoutMs,
  );
}

/** The provider-side record: how many payments the simulated provider holds for a purchase key. */
export async function providerPayments(t: TestApp, orderIds: string[]) {
  const rows: Array<{ id: string; status: string; idempotency_key: string }> =
    await t.dataSource.query(
      `SELECT sp.id, sp.status, sp.idempotency_key FROM simulated_provider_payments sp
       JOIN payments p ON p.provider_payment_id = sp.id WHERE p.order_id = ANY($1::uuid[])`,
      [orderIds],
    );
  return rows;
}
