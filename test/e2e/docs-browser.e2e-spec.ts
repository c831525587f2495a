import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { createTenant, newKey, TestTenant } from '../support/factories';

const CHROMIUM = '/usr/bin/chromium';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OUTPUT = join(__dirname, '../../test-output');
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

// Runs wherever Chromium is installed, and always in CI (.ci/run installs it): only a developer
// machine without it skips, and says so.
const available = existsSync(CHROMIUM) || process.env.CI !== undefined;
if (!available) {
  console.warn(
    `docs-browser: skipped, ${CHROMIUM} is missing (apt-get install -y chromium); CI runs it.`,
  );
}

(available ? describe : describe.skip)('Swagger UI in a browser (/docs)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenant(t, 'Browser Tenant');
    profile = mkdtempSync(join(tmpdir(), 'ts-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 2000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('authorizes with a tenant key, creates an event with Try it out, and replays it', async () => {
    await page.goto(`${await t.url()}/docs`);
    await page.locator('.information-container .title').waitFor();

    // Authorize: the tenant-api-key scheme of the dialog.
    await page.locator('.auth-wrapper .authorize').click();
    const scheme = page.locator('.auth-container').filter({ hasText: 'tenant-api-key' });
    await scheme.locator('input').fill(tenant.apiKey);
    await scheme.locator('button.authorize').click();
    await scheme.locator('button', { hasText: 'Logout' }).waitFor();
    await scheme.locator('button.btn-done').click();

    // POST /v1/events → Try it out.
    const operation = page.locator('.opblock-post').filter({
      has: page.locator('.opblock-summary-path[data-path="/v1/events"]'),
    });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    // The key is already there: a fresh UUID v4 the page made, not one the person has to invent.
    const keyField = operation.locator('tr[data-param-name="Idempotency-Key"] input');
    const key = await keyField.inputValue();
    expect(key).toMatch(UUID_V4);
    const body = (name: string) =>
      operation
        .locator('textarea.body-param__text')
        .fill(JSON.stringify({ name, venue: 'Hall 1', startsAt: '2030-06-01T19:00:00Z' }));
    await body('Browser Event');

    const execute = async () => {
      const response = page.waitForResponse(
        (res) => res.url().endsWith('/v1/events') && res.request().method() === 'POST',
      );
      await operation.getByRole('button', { name: 'Execute' }).click();
      return response;
    };
    const live = operation.locator('.live-responses-table');

    const first = await execute();
    expect(first.request().headers()['idempotency-key']).toBe(key);
    expect(first.status()).toBe(201);
    expect(first.headers()['x-idempotent-replayed']).toBeUndefined();
    await live.locator('td.response-col_status:not(.col_header)', { hasText: '201' }).waitFor();
    const created = (await first.json()) as { id: string; name: string };
    expect(created.name).toBe('Browser Event');
    const shown = live.locator('td.response-col_description:not(.col_header)');
    await shown.getByText(/content-type: application\/json/i).waitFor();
    expect(await shown.textContent()).not.toMatch(/x-idempotent-replayed/i);

    const second = await execute();
    expect(second.request().headers()['idempotency-key']).toBe(key);
    expect(second.status()).toBe(201);
    expect(second.headers()['x-idempotent-replayed']).toBe('true');
    expect(((await second.json()) as { id: string }).id).toBe(created.id);
    // What the person sees: the replay header among the response headers, the same 201.
    await shown.getByText(/x-idempotent-replayed: true/i).waitFor();
    expect(await live.locator('td.response-col_status:not(.col_header)').textContent()).toContain(
      '201',
    );

    mkdirSync(OUTPUT, { recursive: true });
    // What the person sees: the replayed 201 with its headers; and the whole operation.
    await live.screenshot({ path: join(OUTPUT, 'docs-browser-replay.png') });
    await operation.screenshot({ path: join(OUTPUT, 'docs-browser-operation.png') });

    // One event exists, however many times the button was pressed.
    const list = await t.http().get('/v1/events').set(tenant.auth).expect(200);
    expect((list.body.items as Array<{ id: string }>).map((e) => e.id)).toEqual([created.id]);

    // Another request after that success gets a fresh key (shown in the field), so it creates a
    // second event instead of being refused as a reuse of the first key.
    await body('Browser Event 2');
    const third = await execute();
    const renewed = third.request().headers()['idempotency-key'];
    expect(renewed).toMatch(UUID_V4);
    expect(renewed).not.toBe(key);
    expect(third.status()).toBe(201);
    expect(third.headers()['x-idempotent-replayed']).toBeUndefined();
    expect(await keyField.inputValue()).toBe(renewed);
    const other = (await third.json()) as { id: string; name: string };
    expect(other.name).toBe('Browser Event 2');
    expect(other.id).not.toBe(created.id);

    // A key the person types is theirs: the same key with another body is the 422 it should be.
    const typed = newKey();
    await keyField.fill(typed);
    await execute();
    await body('Browser Event 3');
    const reused = await execute();
    expect(reused.request().headers()['idempotency-key']).toBe(typed);
    expect(reused.status()).toBe(422);

    const after = await t.http().get('/v1/events').set(tenant.auth).expect(200);
    expect(after.body.items).toHaveLength(3);
  });
});
