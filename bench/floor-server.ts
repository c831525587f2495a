/**
 * Bench-only: the physical limit of Node and PostgreSQL on this machine for the request floor.
 * A bare `node:http` server with a `pg` pool that does the same work as the service's
 * `GET /v1/reservations/:id` — resolve the bearer API key by its SHA-256 in `tenants`, read the
 * row with the tenant's id, answer the same JSON — and nothing else: no framework, no logging,
 * no metrics, no validation beyond the UUID shape. The service's floor is measured against it.
 * Environment: PORT, DATABASE_URL, DATABASE_POOL_MAX (the service's default, 20).
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX = '/v1/reservations/';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 20),
  application_name: 'bench-floor-server',
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

interface Row {
  id: string;
  ticket_type_id: string;
  quantity: number;
  status: string;
  expires_at: Date;
  created_at: Date;
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/health') {
    pool.query('SELECT 1').then(
      () => send(res, 200, { status: 'ok' }),
      () => send(res, 503, { status: 'down' }),
    );
    return;
  }
  if (req.method !== 'GET' || !url.startsWith(PREFIX)) {
    send(res, 404, { status: 404, code: 'NOT_FOUND' });
    return;
  }
  const id = url.slice(PREFIX.length);
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
  if (match === null || !match[1].startsWith('tsk_')) {
    send(res, 401, { status: 401, code: 'UNAUTHORIZED' });
    return;
  }
  if (!UUID.test(id)) {
    send(res, 400, { status: 400, code: 'VALIDATION_FAILED' });
    return;
  }
  const hash = createHash('sha256').update(match[1], 'utf8').digest('hex');
  (async () => {
    const tenants = await pool.query<{ id: string; name: string }>(
      'SELECT id, name FROM tenants WHERE api_key_hash = $1',
      [hash],
    );
    if (tenants.rows.length === 0) return send(res, 401, { status: 401, code: 'UNAUTHORIZED' });
    const rows = await pool.query<Row>(
      `SELECT id, ticket_type_id, quantity, status, expires_at, created_at
         FROM reservations WHERE tenant_id = $1 AND id = $2`,
      [tenants.rows[0].id, id],
    );
    if (rows.rows.length === 0) return send(res, 404, { status: 404, code: 'NOT_FOUND' });
    const r = rows.rows[0];
    send(res, 200, {
      id: r.id,
      ticketTypeId: r.ticket_type_id,
      quantity: r.quantity,
      status: r.status,
      expiresAt: r.expires_at.toISOString(),
      createdAt: r.created_at.toISOString(),
    });
  })().catch(() => send(res, 500, { status: 500, code: 'INTERNAL' }));
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  process.stdout.write(`bench floor server on ${process.env.PORT}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
