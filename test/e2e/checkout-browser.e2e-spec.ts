import { createClient } from '@ticket-service/client';
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/app';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(__dirname, '../../test-output');
const EXAMPLE = join(__dirname, '../../examples/checkout');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// As the Swagger UI browser test: runs wherever Chromium is installed, and always in CI.
const available = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!available) {
  console.warn(
    `checkout-browser: skipped, ${CHROMIUM} is missing (apt-get install -y chromium); CI runs it.`,
  );
}

/**
 * Serves examples/checkout from another origin than the service (so CORS is part of the test),
 * with the page's script bundled from the built client package by esbuild.
 */
async function serveExample(): Promise<{ server: Server; origin: string }> {
  const bundle = await build({
    entryPoints: [join(EXAMPLE, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': ['text/html', readFileSync(join(EXAMPLE, 'index.html'), 'utf8')],
    '/dist/app.js': ['text/javascript', bundle.outputFiles[0].text],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (file === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Cache-Control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

(available ? describe : describe.skip)('checkout page in a browser (examples/checkout)', () => {
  let t: TestApp;
  let site: { server: Server; origin: string };
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    site = await serveExample();
    t = await createTestApp({ env: { CORS_ORIGINS: site.origin } });
    profile = mkdtempSync(join(tmpdir(), 'ts-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 900, height: 700 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    await t?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  it('double-click, first response lost, reload mid-purchase: one order, one provider payment, shown on the page', async () => {
    const api = await t.url();
    const admin = createClient({ baseUrl: api, apiKey: ADMIN_TOKEN });
    const tenant = (await admin.admin.tenants.create({ name: 'Checkout Tenant' })).data;
    const shop = createClient({ baseUrl: api, apiKey: tenant.apiKey });
    const event = (await shop.events.create({ name: 'Concert', startsAt: '2030-09-01T19:00:00Z' }))
      .data;
    const type = (
      await shop.ticketTypes.create(event.id, {
        name: 'Floor',
        priceCents: 4500,
        currency: 'EUR',
        capacity: 50,
      })
    ).data;
    const email = 'buyer@example.com';

    // The service answers the first purchase request, but the page never sees that answer; the
    // requests after it are held until the page reloads, so the reload lands mid-purchase.
    const keys: string[] = [];
    const held: Route[] = [];
    let purchases = 0;
    let reloaded = false;
    let firstAnswered: (status: number) => void = () => undefined;
    const firstStatus = new Promise<number>((resolve) => (firstAnswered = resolve));
    await page.route(`${api}/v1/purchases`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key']);
      if (++purchases === 1) {
        const response = await route.fetch();
        await route.abort('connectionreset');
        firstAnswered(response.status());
      } else if (!reloaded) {
        held.push(route);
      } else {
        await route.continue();
      }
    });

    const query = new URLSearchParams({ api, key: tenant.apiKey!, ticketType: type.id });
    await page.goto(`${site.origin}/?${query.toString()}`);
    await page.locator('#ticket-type', { hasText: 'Floor' }).waitFor();
    await page.locator('#email').fill(email);
    await page.locator('#buy').dblclick();

    expect(await firstStatus).toBe(201);
    // Both presses are now in flight with the same key: the second one's request and the
    // client's retry of the first, both held.
    while (held.length < 2) await page.waitForTimeout(50);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'checkout-mid-purchase.png') });
    const stored = await page.evaluate<string | null>("sessionStorage.getItem('checkout.pending')");
    expect(JSON.parse(stored!).key).toBe(keys[0]);

    reloaded = true;
    await page.reload();
    for (const route of held) await route.abort().catch(() => undefined);

    const order = page.locator('#order[data-status="paid"]');
    await order.waitFor({ timeout: 20000 });
    await page.screenshot({ path: join(OUTPUT, 'checkout-order-paid.png') });

    // Every request of the purchase carried the one key made on the first press.
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    const orders: Array<{ id: string }> = await t.dataSource.query(
      'SELECT id FROM orders WHERE customer_email = $1',
      [email],
    );
    expect(orders).toHaveLength(1);
    const payments: Array<{ id: string }> = await t.dataSource.query(
      'SELECT id FROM simulated_provider_payments',
    );
    expect(payments).toHaveLength(1);
    expect(await order.getAttribute('data-order-id')).toBe(orders[0].id);
    await page.getByText('you were charged once').waitFor();
    expect(
      await page.evaluate<string | null>("sessionStorage.getItem('checkout.pending')"),
    ).toBeNull();
  });
});
