/**
 * A checkout page on the TypeScript client. What it shows:
 * - one Idempotency-Key per purchase, made on the first press of "Buy" and kept in sessionStorage
 *   until the purchase has an answer, so a double-click, a second press after a timeout and a page
 *   reload mid-purchase all send the same key: the service makes one order and one charge;
 * - the client's retries (network errors, timeouts, 5xx, 429, 409 in progress) happen inside
 *   `purchases.create`; the page only tells the buyer it is still working;
 * - a definite refusal (a 4xx) ends the operation; the next press is a new purchase with a new key.
 *
 * Configuration comes from the query string: ?api=<service URL>&key=<API key>&ticketType=<id>.
 * A real page would get a key from its own backend (`apiKey` also takes a function for that).
 */
import {
  createClient,
  IdempotencyKeyReusedError,
  newIdempotencyKey,
  TicketServiceError,
  type Order,
} from '@ticket-service/client';

const params = new URLSearchParams(location.search);
const ticketTypeId = params.get('ticketType') ?? '';
const client = createClient({
  baseUrl: params.get('api') ?? location.origin,
  apiKey: params.get('key') ?? '',
  onRetry: ({ attempt }) => say(`Still working… (attempt ${attempt + 1})`),
});

/** The purchase in progress: its key and exactly the body sent with it. */
interface Pending {
  key: string;
  body: { ticketTypeId: string; quantity: number; customerEmail: string };
}
const PENDING = 'checkout.pending';
const ORDER = 'checkout.order';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const say = (text: string) => ($('status').textContent = text);

function pending(): Pending | null {
  const stored = sessionStorage.getItem(PENDING);
  return stored === null ? null : (JSON.parse(stored) as Pending);
}

async function buy(body: Pending['body']): Promise<void> {
  // A press while a purchase is pending resends that purchase (same key, same body).
  let current = pending();
  if (current === null) {
    current = { key: newIdempotencyKey(), body };
    sessionStorage.setItem(PENDING, JSON.stringify(current));
  }
  say('Buying…');
  try {
    const { data: order, replayed } = await client.purchases.create(current.body, {
      idempotencyKey: current.key,
    });
    sessionStorage.setItem(ORDER, order.id);
    sessionStorage.removeItem(PENDING);
    show(order, replayed);
    await follow(order.id);
  } catch (error) {
    if (error instanceof IdempotencyKeyReusedError) throw error; // a bug in this page: surface it
    if (error instanceof TicketServiceError && error.status >= 400 && error.status < 500) {
      sessionStorage.removeItem(PENDING); // refused, nothing kept: a new press is a new purchase
      say(`Not bought: ${error.detail}`);
    } else {
      // No answer after the client's retries: the outcome is unknown, so the key stays.
      say('No answer from the ticket service yet. Press Buy again: you will not be charged twice.');
    }
  }
}

/** Polls the order until its payment settles. */
async function follow(orderId: string): Promise<void> {
  for (;;) {
    const { data: order } = await client.orders.get(orderId);
    show(order, false);
    if (order.status !== 'pending_payment') return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

let replayShown = false;
function show(order: Order, replayed: boolean): void {
  replayShown ||= replayed;
  const section = $('order');
  section.dataset.orderId = order.id;
  section.dataset.status = order.status;
  section.replaceChildren();
  const line = (text: string) => section.appendChild(document.createElement('p')).append(text);
  line(`Order ${order.id}`);
  line(`Status: ${order.status}`);
  line(`${order.totalCents / 100} ${order.currency} for ${order.customerEmail}`);
  if (order.tickets.length > 0) line(`Tickets: ${order.tickets.map((t) => t.code).join(', ')}`);
  if (replayShown) line('(This purchase had already gone through: you were charged once.)');
  say(order.status === 'pending_payment' ? 'Waiting for the payment…' : `Order ${order.status}.`);
}

$('checkout').addEventListener('submit', (event) => {
  event.preventDefault();
  // The key, not the button, makes a second press harmless: the button stays enabled, so a
  // double-click sends two requests here, as a slow page or a second tab would.
  void buy({
    ticketTypeId,
    quantity: Number($<HTMLInputElement>('quantity').value),
    customerEmail: $<HTMLInputElement>('email').value,
  });
});

async function start(): Promise<void> {
  const { data: type } = await client.ticketTypes.get(ticketTypeId);
  $('ticket-type').textContent =
    `${type.name}: ${type.priceCents / 100} ${type.currency} (${type.available} left)`;
  const orderId = sessionStorage.getItem(ORDER);
  const resume = pending();
  if (resume !== null) {
    say('Resuming your purchase…');
    $<HTMLInputElement>('email').value = resume.body.customerEmail;
    $<HTMLInputElement>('quantity').value = String(resume.body.quantity);
    await buy(resume.body);
  } else if (orderId !== null) {
    await follow(orderId);
  }
}

void start();
