// A tiny load balancer for tests and the bench: round robin, no affinity. A target that refuses the connection is
// skipped for that request and marked down (nothing reached it, so trying the next one is safe); a target that dies
// mid-request gets the client a 502, since the call may have run.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Proxy {
  url: string;
  /** Which target index served each request, in order. */
  served: number[];
  down: Set<number>;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export async function startProxy(targets: string[]): Promise<Proxy> {
  let next = 0;
  const served: number[] = [];
  const down = new Set<number>();
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const attempt = (tries: number): void => {
        if (tries >= targets.length) return void res.writeHead(502).end('no target answered');
        const i = next++ % targets.length;
        if (down.has(i)) return attempt(tries + 1);
        const target = new URL(req.url ?? '/', targets[i]);
        const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
          served.push(i);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.once('error', () => res.destroy());
        });
        out.once('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED') {
            down.add(i);
            return attempt(tries + 1);
          }
          if (!res.headersSent) res.writeHead(502).end(`target ${i} failed mid-request`);
          else res.destroy();
        });
        out.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    down,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
