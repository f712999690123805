import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { compareVersions, extractApi, hostInfo, stripMarkdown } from '../../src/catalog/extract.js';

const extract = (doc: unknown) => extractApi(doc as OpenAPIV3.Document, { api: 't', folder: 'v1', specFile: 'x.json', source: 'bundled', latest: true }).operations;

const FIXTURE = new URL('../fixtures/tiny.yaml', import.meta.url).pathname;

describe('extractApi', () => {
  it('reads every operation with its method, path, summary, tags and deprecation', async () => {
    const doc = (await SwaggerParser.parse(FIXTURE)) as OpenAPIV3.Document;
    const { api, operations } = extractApi(doc, { api: 'tiny', folder: 'v9', specFile: 'x.json', source: 'bundled', latest: true });
    expect(api).toMatchObject({ key: 'tiny@v9', title: 'Tiny Widgets', version: '1.2.0', host: { kind: 'regional', prefix: '/v9', regions: ['us', 'eu'] } });
    expect(operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'GET /widgets list-widgets',
      'POST /widgets createWidget',
      'DELETE /widgets/{widgetId} delete_widget',
    ]);
    const list = operations[0]!;
    expect(list.params).toEqual(['page[size]', 'filter']);
    expect(list.description).toBe('Returns all widgets. See docs.');
    expect(list.tags).toEqual(['Widgets']);
    expect(operations[1]!.deprecated).toBe(true);
    expect(operations[1]!.bodyFields).toEqual(['id', 'name', 'parent']);
    expect(operations[2]!.params).toEqual(['widgetId']);
  });

  it('describes the entity from the request body, or the items of a listed response, for search', () => {
    const vault = { type: 'object', description: 'Vault entities configure **secret** stores such as AWS Secrets Manager.' };
    const doc = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      components: { schemas: { Vault: vault } },
      paths: {
        '/vaults': {
          get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Vault' } } } } } } } } },
          post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Vault' } } } }, responses: { '201': { description: 'ok' } } },
          delete: { responses: { '204': { description: 'gone' } } },
        },
      },
    } as unknown as OpenAPIV3.Document;
    const { operations } = extractApi(doc, { api: 't', folder: 'v1', specFile: 'x.json', source: 'bundled', latest: true });
    const text = 'Vault entities configure secret stores such as AWS Secrets Manager.';
    expect(operations.map((o) => o.entity)).toEqual([text, text, '']);
  });

  it('keeps the allowed values of parameters and body fields that read as words, $refs followed, for search', () => {
    const role = { type: 'string', enum: ['Admin', 'Certificate Admin', 'Deployer'] };
    const doc = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      components: { schemas: { Role: role, Assign: { type: 'object', properties: { role_name: { $ref: '#/components/schemas/Role' }, kind: { type: 'string', enum: ['Assignment'] } } } } },
      paths: {
        '/users/{userId}/roles': {
          post: {
            parameters: [{ name: 'window', in: 'query', schema: { type: 'string', enum: ['15M', '1H', 'hourly', 'daily'] } }],
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { grants: { type: 'array', items: { $ref: '#/components/schemas/Assign' } } } } } } },
            responses: { '201': { description: 'ok' } },
          },
          get: { parameters: [{ name: 'id', in: 'query', schema: { type: 'string', enum: ['0f8fad5b-d9cb-469f-a165-70867728950e', 'b1d2c3e4-d9cb-469f-a165-70867728950e', 'true', 'false', '*'] } }], responses: { '200': { description: 'ok' } } },
        },
      },
    };
    const [get, post] = extract(doc);
    // Codes (numbers first, ids, booleans as text) and a constant (one allowed value) say nothing a user types.
    expect(post!.values).toEqual(['hourly', 'daily', 'Admin', 'Certificate Admin', 'Deployer']);
    expect(get!.values).toBeUndefined();
  });

  it('stops reading allowed values at a ref loop and at 60 values', () => {
    const many = Array.from({ length: 80 }, (_, i) => `value${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const doc = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      components: { schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' }, pick: { type: 'string', enum: many } } } } },
      paths: { '/nodes': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: { '201': { description: 'ok' } } } } },
    };
    expect(extract(doc)[0]!.values).toEqual(many.slice(0, 60));
  });
});

describe('hostInfo', () => {
  it('tells regional, global and custom hosts apart and keeps the version prefix', () => {
    expect(hostInfo([{ url: 'https://global.api.konghq.com/v3' }])).toEqual({ kind: 'global', prefix: '/v3', regions: [] });
    expect(hostInfo([{ url: 'https://custom.example.com' }])).toEqual({ kind: 'custom', prefix: '', regions: [], exampleOrigin: 'https://custom.example.com' });
    expect(hostInfo([{ url: 'https://us.api.konghq.com/v1' }, { url: 'https://global.api.konghq.com/v1' }])).toEqual({ kind: 'regional', prefix: '/v1', regions: ['us'], global: true });
  });
});

describe('helpers', () => {
  it('strips markdown to plain text', () => {
    expect(stripMarkdown('Use `x` and **y**\n\n```js\ncode\n```\n[link](http://a)')).toBe('Use x and y link');
  });
  it('strips unclosed tags and links of a 300 KB user-spec description in linear time, keeping closed ones', () => {
    // Unbounded [^>]+ scanned to the end from every "<": this took 40 s.
    const hostile = `${'<'.repeat(100_000)}${'!['.repeat(50_000)}${'[x]('.repeat(30_000)}`;
    expect(stripMarkdown(hostile).length).toBeLessThanOrEqual(20_000);
    expect(stripMarkdown('a <b>bold</b> [link](https://x.example/y) and ![img](i.png) end')).toBe('a bold link and end');
  });

  it('takes from a user spec only values of the expected type, so a malformed one still loads', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 42, version: '1' },
      servers: { url: 'https://us.api.konghq.com/v9' },
      paths: {
        '/a': {
          parameters: 'none',
          post: {
            operationId: 7,
            summary: ['x'],
            description: { not: 'text' },
            tags: 'one',
            parameters: [null, 5, { name: 3, in: 'query' }, { name: 'limit', in: 'query' }],
            requestBody: { content: { 'application/json': { schema: { allOf: 5, oneOf: 'abc', anyOf: [null], properties: { x: {} } } } } },
            responses: { '201': { description: 'ok' } },
          },
        },
      },
    } as unknown as OpenAPIV3.Document;
    const { api, operations } = extractApi(doc, { api: 'odd', folder: 'user', specFile: 'odd.yaml', source: 'user', latest: true });
    expect(api.title).toBe('odd');
    expect(operations).toMatchObject([{ operationId: 'post-a', summary: '', description: '', tags: [], params: ['limit'], bodyFields: ['x'] }]);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('3.15.0', '3.9.8')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0', '2.2.2')).toBeLessThan(0);
  });
});

describe('literal kinds', () => {
  it('reads the literal values an operation takes from its top-level fields by format or name, its parameters and its resource', () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 'T', version: '1' },
      paths: {
        '/services': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { url: { type: 'string' }, contact: { type: 'string', format: 'email' }, meta: { type: 'object', properties: { logo: { type: 'string', format: 'uri' } } } } } } } }, responses: { '201': { description: 'ok' } } } },
        '/upstreams/{upstreamId}/targets/{TargetId}': { delete: { responses: { '204': { description: 'gone' } } } },
        '/ip-allow-list': { put: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { allowed_ips: { type: 'array' } } } } } }, responses: { '200': { description: 'ok' } } } },
        '/snis': { get: { responses: { '200': { description: 'ok' } } } },
        '/widgets': { get: { parameters: [{ name: 'host_header', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } },
      },
    };
    expect(extract(doc).map((o) => o.literals)).toEqual([['email', 'url'], ['ip'], ['ip'], ['host'], undefined]);
  });
});
