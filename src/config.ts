import { ConfigError } from './errors.js';

export const REGIONS = ['us', 'eu', 'au', 'me', 'in', 'sg'] as const;
export type Region = (typeof REGIONS)[number];

export const DEFAULT_REGION: Region = 'us';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_TOKENS = 20_000;
export const GLOBAL_ORIGIN = 'https://global.api.konghq.com';

export function regionalOrigin(region: Region): string {
  return `https://${region}.api.konghq.com`;
}

export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

export interface Config {
  token: string | undefined;
  region: Region;
  /** Overrides the origin of every request (tests, proxies). No trailing slash. */
  baseUrl: string | undefined;
  readOnly: boolean;
  timeoutMs: number;
  /** Extra OpenAPI files to index. */
  specs: string[];
  allVersions: boolean;
  allow: string[];
  deny: string[];
  /** execute cuts response bodies to about this many tokens. */
  maxResponseTokens: number;
}

/** Raw values as they come from flags or env; everything optional and unparsed. */
export interface RawConfig {
  token?: string | undefined;
  region?: string | undefined;
  baseUrl?: string | undefined;
  readOnly?: string | boolean | undefined;
  timeout?: string | number | undefined;
  specs?: string[] | string | undefined;
  allVersions?: boolean | undefined;
  allow?: string[] | string | undefined;
  deny?: string[] | string | undefined;
  maxResponseTokens?: string | number | undefined;
}

export interface ParsedConfig {
  config: Config;
  warnings: string[];
}

export function parseBool(value: string | boolean | undefined, name: string): boolean {
  if (value === undefined || value === false || value === '') return false;
  if (value === true) return true;
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  throw new ConfigError(`${name} must be 1/true or 0/false, got "${value}"`);
}

export function splitList(value: string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

export function parseBaseUrl(value: string, name = '--base-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as https://proxy.example.com, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https, got "${url.protocol}"`);
  }
  if (url.username || url.password) throw new ConfigError(`${name} must not contain credentials`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function parseRegion(value: string): Region {
  const v = value.trim().toLowerCase();
  if (!isRegion(v)) throw new ConfigError(`unknown region "${value}": use one of ${REGIONS.join(', ')}`);
  return v;
}

export function parseConfig(raw: RawConfig): ParsedConfig {
  const warnings: string[] = [];
  let token = raw.token?.trim() || undefined;
  // A pasted "Bearer kpat_…" would be sent as "Bearer Bearer …".
  if (token && /^bearer\s/i.test(token)) {
    token = token.slice(6).trim() || undefined;
    warnings.push('the token started with "Bearer "; konnect-mcp adds that itself, so the prefix was dropped. Set KONNECT_TOKEN to the bare kpat_/spat_ token');
  }
  if (token && !/^(kpat|spat)_/.test(token)) {
    warnings.push('the token does not start with kpat_ (personal access token) or spat_ (system account token); Konnect will probably reject it');
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (raw.timeout !== undefined && raw.timeout !== '') {
    const n = typeof raw.timeout === 'number' ? raw.timeout : Number(raw.timeout.trim());
    if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`timeout must be a positive whole number of milliseconds, got "${raw.timeout}"`);
    timeoutMs = n;
  }
  let maxResponseTokens = DEFAULT_MAX_RESPONSE_TOKENS;
  if (raw.maxResponseTokens !== undefined && raw.maxResponseTokens !== '') {
    const n = typeof raw.maxResponseTokens === 'number' ? raw.maxResponseTokens : Number(raw.maxResponseTokens.trim());
    if (!Number.isInteger(n) || n < 500) throw new ConfigError(`max-response-tokens must be a whole number of at least 500, got "${raw.maxResponseTokens}"`);
    maxResponseTokens = n;
  }
  const config: Config = {
    token,
    region: raw.region ? parseRegion(raw.region) : DEFAULT_REGION,
    baseUrl: raw.baseUrl ? parseBaseUrl(raw.baseUrl) : undefined,
    readOnly: parseBool(raw.readOnly, 'read-only'),
    timeoutMs,
    specs: splitList(raw.specs),
    allVersions: raw.allVersions === true,
    allow: splitList(raw.allow),
    deny: splitList(raw.deny),
    maxResponseTokens,
  };
  return { config, warnings };
}
