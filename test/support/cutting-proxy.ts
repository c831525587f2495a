import { createServer, connect, type Socket } from 'node:net';

export interface CuttingProxy {
  /** The proxy's base URL: requests sent here reach the target unchanged. */
  url: string;
  /**
   * Arms the proxy: the next request whose start matches `requestLine` reaches the service, and
   * once the service's response starts to arrive the client's connection is reset, so the client
   * never sees the answer of a request the service has completed.
   */
  cutResponseOfNext(requestLine: RegExp): void;
  /** Responses cut so far. */
  cuts: () => number;
  close: () => Promise<void>;
}

/** A TCP proxy in front of `target` (http://host:port) that can lose one response on purpose. */
export async function startCuttingProxy(target: string): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  let armed: RegExp | undefined;
  let cuts = 0;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let cutThisResponse = false;
    client.on('data', (chunk) => {
      // Without pipelining, a chunk that starts a request is followed by that request's response.
      if (armed?.test(chunk.toString('latin1'))) {
        armed = undefined;
        cutThisResponse = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutThisResponse) {
        cuts++;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${address.port}`,
    cutResponseOfNext: (requestLine) => {
      armed = requestLine;
    },
    cuts: () => cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
