import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createBlockRenderer, dedent } from '../../../src/docs/build/blocks.js';

const blocks = createBlockRenderer((t) => parse(t));
const block = (name: string, body: string, args = ''): string => blocks.block(name, args, body, {});

describe('custom block tags', () => {
  it('renders a table as one line per row with column titles', () => {
    const out = block('table', `
columns:
  - title: Port
    key: port
  - title: Purpose
    key: purpose
rows:
  - port: "8000"
    purpose: Proxy HTTP traffic
  - port: "8443"
    purpose: |
      Proxy HTTPS
      traffic
`);
    expect(out.trim()).toBe('- Port: 8000; Purpose: Proxy HTTP traffic\n- Port: 8443; Purpose: Proxy HTTPS traffic');
  });

  it('renders a feature_table with the feature title first', () => {
    const out = block('feature_table', 'columns:\n  - title: HTTP\n    key: http\nfeatures:\n  - title: Regex paths\n    http: true\n');
    expect(out.trim()).toBe('- Regex paths; HTTP: true');
  });

  it('renders navtab titles as labels and keeps their bodies, dedented', () => {
    expect(block('navtab', '\n   1. Click **New**\n   2. Save\n', '"UI"')).toBe('\n**UI**\n\n1. Click **New**\n2. Save\n');
    expect(block('navtabs', 'inner', '"tabs"')).toBe('inner');
  });

  it('drops validation, mermaid and the roles table', () => {
    expect(block('validation', 'url: /anything\nstatus_code: 200', 'request-check')).toBe('');
    expect(block('mermaid', 'flowchart LR\n A --> B')).toBe('');
    expect(block('konnect_roles_table', 'schema: audit_logs')).toBe('');
  });

  it('renders konnect_api_request and control_plane_request as a curl line with the regional host and body', () => {
    const out = block('konnect_api_request', "url: /v2/control-planes\nmethod: POST\nregion: eu\nheaders:\n  - 'Accept: application/json'\nbody:\n  name: prod\n");
    expect(out).toBe('\n```sh\ncurl -X POST "https://eu.api.konghq.com/v2/control-planes"\n  --json \'{"name":"prod"}\'\n```\n');
    expect(block('control_plane_request', 'url: /v2/cloud-gateways/configurations\nmethod: PUT\nregion: global\n')).toContain('curl -X PUT "https://global.api.konghq.com/v2/cloud-gateways/configurations"');
  });

  it('keeps entity_examples, konnect_crd and env_variables as code', () => {
    const out = block('entity_examples', '\nentities:\n  plugins:\n    - name: key-auth\n');
    expect(out).toBe('\n```yaml\nentities:\n  plugins:\n    - name: key-auth\n```\n');
    expect(block('konnect_crd', 'kind: KongRoute\n')).toContain('kind: KongRoute');
    expect(block('env_variables', '   DECK_TOKEN_SALT: abc\n')).toContain('DECK_TOKEN_SALT: abc');
  });

  it('renders konnect/on_prem content, details summary and content', () => {
    expect(block('konnect', '\n   content: |\n     Use the **Konnect** UI.\n   indent: 3\n').trim()).toBe('Use the **Konnect** UI.');
    expect(block('details', 'summary: "Sample log"\ncontent: |\n  {"a": 1}\n').trim()).toBe('Sample log\n\n{"a": 1}');
  });

  it('lists the parameters of a kong_config_table', () => {
    expect(block('kong_config_table', 'config:\n  - name: ssl_cert\n  - name: ssl_cert_key\n').trim()).toBe('Parameters: `ssl_cert`, `ssl_cert_key`');
  });

  it('keeps the prose of an unknown YAML-bodied tag and drops a body that is not YAML', () => {
    expect(block('entity_params_table', 'entity: Upstream\nconfig:\n  - name: healthchecks.active.type\n    description: Probe type.\n').trim()).toBe(
      '- entity: Upstream\n- name: healthchecks.active.type\n- Probe type.',
    );
    expect(block('table', ': not yaml: [')).toBe('');
  });

  it('renders inline tags such as new_in to nothing', () => {
    expect(blocks.tag('new_in', '3.10', {})).toBe('');
  });

  it('dedents by the smallest indentation', () => {
    expect(dedent('\n    a:\n      b: 1\n    c: 2\n')).toBe('a:\n  b: 1\nc: 2');
  });
});
