import { describe, expect, it } from 'vitest';
import { buildEvidence } from '../../src/search/evidence.js';
import type { ApiEntry, Operation } from '../../src/catalog/types.js';
import type { RenderedPage } from '../../src/docs/build/page.js';

const api = (key: string, prefix: string): ApiEntry =>
  ({ key, api: key.split('@')[0]!, folder: 'v2', title: key, version: '1', latest: true, host: { kind: 'regional', prefix, regions: ['us'] }, source: 'bundled', specFile: '' }) as ApiEntry;
const op = (apiKey: string, operationId: string, method: Operation['method'], path: string): Operation => ({
  api: apiKey.split('@')[0]!, apiKey, operationId, method, path, summary: '', description: '', tags: [], deprecated: false, latest: true, params: [], bodyFields: [],
});
const page = (url: string, title: string, sections: { heading: string; text: string }[], description = ''): RenderedPage => ({
  kind: 'page', products: [], title, url, description, keywords: [], questions: [], sections: sections.map((s) => ({ ...s, anchor: '', full: s.text, level: 2 })),
});

const APIS = [api('control-planes-config@v2', '/v2'), api('event-gateway@v1', '/v1')];
const OPS = [
  op('control-planes-config@v2', 'create-service', 'POST', '/control-planes/{controlPlaneId}/core-entities/services'),
  op('control-planes-config@v2', 'list-service', 'GET', '/control-planes/{controlPlaneId}/core-entities/services'),
  op('control-planes-config@v2', 'create-plugin-with-service', 'POST', '/control-planes/{controlPlaneId}/core-entities/services/{ServiceId}/plugins'),
  op('event-gateway@v1', 'create-event-gateway-listener', 'POST', '/event-gateways/{gatewayId}/listeners'),
];
const words = (m: Map<string, string>, key: string): string[] => (m.get(key) ?? '').split(' ');
const STOP = new Set(['a', 'the', 'to']);

describe('buildEvidence', () => {
  it('gives a request in a how-to its step heading and the sentence before it', () => {
    const text = 'Open a port for Kafka clients.\n```sh\ncurl -X POST "https://us.api.konghq.com/v1/event-gateways/$EVENT_GATEWAY_ID/listeners"\n```';
    const ev = buildEvidence(OPS, APIS, { pages: [page('https://x/how-to/kafka/', 'Proxy Kafka', [{ heading: 'Expose the cluster', text }])], raw: [] }, STOP);
    expect(words(ev, 'event-gateway@v1#create-event-gateway-listener')).toEqual(expect.arrayContaining(['proxy', 'kafka', 'expose', 'port', 'clients']));
    expect(words(ev, 'event-gateway@v1#create-event-gateway-listener')).not.toContain('the');
  });

  it('leaves out the words of a stop word the vocabulary holds stemmed ("every" as everi, "does" as doe)', () => {
    const text = 'Every listener does open a port.\n```sh\ncurl -X POST "https://us.api.konghq.com/v1/event-gateways/$EVENT_GATEWAY_ID/listeners"\n```';
    const ev = buildEvidence(OPS, APIS, { pages: [page('https://x/how-to/kafka/', 'Proxy Kafka', [{ heading: 'Expose', text }])], raw: [] }, new Set(['a', 'everi', 'doe']));
    expect(words(ev, 'event-gateway@v1#create-event-gateway-listener')).toEqual(['proxy', 'kafka', 'expose', 'listener', 'open', 'port']);
  });

  it('reads the link text of links to an operation reference', () => {
    const raw = '---\ntitle: Gateway basics\n---\nFirst [register your upstream API](/api/konnect/control-planes-config/v2/#/operations/create-service).';
    const ev = buildEvidence(OPS, APIS, { pages: [], raw: [{ url: 'https://x/basics/', text: raw }] }, STOP);
    expect(words(ev, 'control-planes-config@v2#create-service')).toEqual(expect.arrayContaining(['register', 'upstream', 'gateway', 'basics']));
  });

  it('describes gateway entities from their reference page, and plugin creation from plugin pages', () => {
    const pages = [
      page('https://x/gateway/entities/service/', 'Gateway Services', [], 'A Gateway Service represents an upstream backend'),
      page('https://x/plugins/rate-limiting/', 'Rate Limiting', [], 'Limit how many HTTP requests can be made'),
    ];
    const ev = buildEvidence(OPS, APIS, { pages, raw: [] }, STOP);
    expect(words(ev, 'control-planes-config@v2#list-service')).toContain('backend');
    expect(words(ev, 'control-planes-config@v2#create-plugin-with-service')).toEqual(expect.arrayContaining(['rate', 'limiting', 'requests']));
    expect(ev.has('event-gateway@v1#create-event-gateway-listener')).toBe(false);
  });
});
