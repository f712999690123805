// Three konnect-mcp --http instances behind a round-robin proxy with no affinity: initialize lands on one instance
// and the calls on the others. Then one instance is killed (SIGKILL) mid-run.
// What is asserted: every call that got an answer got the right one (its own owner and control plane); calls cut
// by the kill fail with an error rather than a wrong answer, and are at most the calls in flight at the time;
// after the kill, every call succeeds on the two instances left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { json, startServer, type TestServer } from '../helpers/http-server.js';
import { connectHttp, spawnHttp, type Instance } from '../helpers/http-instance.js';
import { startProxy, type Proxy } from '../helpers/round-robin-proxy.js';

const TOKENS = new Map([
  ['Bearer kpat_scaleAlice0123456789abcdef', 'alice'],
  ['Bearer kpat_scaleBob0123456789abcdefgh', 'bob'],
]);
const [ALICE, BOB] = [...TOKENS.keys()].map((h) => h.slice('Bearer '.length)) as [string, string];
const ROUTES = /^\/v2\/control-planes\/([0-9a-f-]{36})\/core-entities\/routes/;
const cpOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('scale-out: three instances behind round robin', () => {
  let api: TestServer;
  let instances: Instance[] = [];
  let proxy: Proxy;
  let clients: { user: string; client: Client }[] = [];

  beforeAll(async () => {
    api = await startServer((req, res) => {
      const owner = TOKENS.get(req.headers.authorization ?? '');
      const cp = ROUTES.exec(req.url)?.[1];
      if (!owner || !cp) return json(res, 401, { title: 'Unauthorized' });
      // A little latency so that calls are in flight when an instance dies.
      setTimeout(() => json(res, 200, { data: [{ owner, controlPlane: cp }], offset: null }), 30);
    });
    instances = await Promise.all([0, 1, 2].map(() => spawnHttp(['--base-url', api.url])));
    proxy = await startProxy(instances.map((i) => i.url));
    clients = [
      { user: 'alice', client: await connectHttp(proxy.url, ALICE) },
      { user: 'bob', client: await connectHttp(proxy.url, BOB) },
    ];
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.client.close().catch(() => undefined);
    await proxy?.close();
    await Promise.all(instances.map((i) => i.stop()));
    await api?.close();
  });

  let seq = 0;
  /** One batch of concurrent calls; each answer is checked against who asked and for what. */
  async function batch(size: number): Promise<{ ok: number; wrong: number; failed: number }> {
    const calls = Array.from({ length: size }, async (_, k) => {
      const { user, client } = clients[k % 2]!;
      const cp = cpOf(++seq);
      try {
        const res = await client.callTool({ name: 'execute', arguments: { operationId: 'list-route', pathParams: { controlPlaneId: cp } } });
        const item = (res.structuredContent as { body?: { data?: { owner?: string; controlPlane?: string }[] } } | undefined)?.body?.data?.[0];
        return !res.isError && item?.owner === user && item.controlPlane === cp ? 'ok' : 'wrong';
      } catch {
        return 'failed';
      }
    });
    const outcomes = await Promise.all(calls);
    return { ok: outcomes.filter((o) => o === 'ok').length, wrong: outcomes.filter((o) => o === 'wrong').length, failed: outcomes.filter((o) => o === 'failed').length };
  }

  it('initialize on one instance, calls on the others, all correct', { timeout: 60_000 }, async () => {
    const mark = proxy.served.length;
    const fresh = await connectHttp(proxy.url, ALICE);
    const initializedOn = proxy.served[mark];
    const calledOn: number[] = [];
    for (let n = 0; n < 3; n++) {
      const call = await fresh.callTool({ name: 'execute', arguments: { operationId: 'list-route', pathParams: { controlPlaneId: cpOf(n) } } });
      calledOn.push(proxy.served.at(-1)!);
      expect(call.structuredContent).toMatchObject({ body: { data: [{ owner: 'alice', controlPlane: cpOf(n) }] } });
    }
    // Round robin: three calls in a row land on three instances, two of them not the one that saw initialize.
    expect(new Set(calledOn).size).toBe(3);
    expect(calledOn.filter((i) => i !== initializedOn)).toHaveLength(2);
    await fresh.close();

    const before = proxy.served.length;
    expect(await batch(30)).toEqual({ ok: 30, wrong: 0, failed: 0 });
    // The clients initialized through the proxy before this batch, so its calls spread over all three instances.
    expect(new Set(proxy.served.slice(before))).toEqual(new Set([0, 1, 2]));
    for (const i of instances) expect(i.stderr()).not.toMatch(/kpat_scale/);
  });

  it('one instance killed mid-run: no wrong answer, the others go on', { timeout: 60_000 }, async () => {
    const running = batch(40);
    await new Promise((r) => setTimeout(r, 50));
    instances[1]!.proc.kill('SIGKILL');
    const during = await running;
    expect(during.wrong).toBe(0);
    expect(during.ok + during.failed).toBe(40);

    const after = await batch(40);
    expect(after).toEqual({ ok: 40, wrong: 0, failed: 0 });
    expect(proxy.down.has(1)).toBe(true);
    const since = proxy.served.slice(-40);
    expect(since).not.toContain(1);
    expect(new Set(since)).toEqual(new Set([0, 2]));
  });
});
