// Run in a child process by answers.test.ts: fetches a gzip answer that inflates to 200 MB and reports the
// outcome and the highest RSS seen, so the parent can check memory stays bounded.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createSender } from '../../src/http/client.js';

const gz = readFileSync(process.argv[2]!);
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gz));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/big`;
let maxRss = process.memoryUsage().rss;
const timer = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 5);
const send = createSender({ userAgent: 'konnect-mcp/0.0.0-test', timeoutMs: 60_000 });
const outcome = await send({ method: 'GET', url, headers: {}, auth: false }).then(
  (r) => ({ code: 'OK', bytes: r.text.length }),
  (e: unknown) => ({ code: (e as { code?: string }).code, message: String(e) }),
);
clearInterval(timer);
maxRss = Math.max(maxRss, process.memoryUsage().rss);
server.close();
process.stdout.write(JSON.stringify({ ...outcome, maxRss }));
