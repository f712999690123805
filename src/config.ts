import { ConfigError } from './errors.js';

export const REGIONS = ['us', 'eu', 'au', 'me', 'in', 'sg'] as const;
export type Region = (typeof REGIONS)[number];

export const DEFAULT_REGION: Region = 'us';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_TOKENS = 20_000;
/** The one place a Konnect API origin is spelled: a region, `global`, or a placeholder such as `{region}`. */
export function konnectOrigin(host: Region | 'global' | (string & {})): string {
  return `https://${host}.api.konghq.com`;
}

export const GLOBAL_ORIGIN = konnectOrigin('global');

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
  const timeoutMs = wholeNumber(raw.timeout, DEFAULT_TIMEOUT_MS, 1, Infinity, 'timeout must be a positive whole number of milliseconds');
  const maxResponseTokens = wholeNumber(raw.maxResponseTokens, DEFAULT_MAX_RESPONSE_TOKENS, 500, Infinity, 'max-response-tokens must be a whole number of at least 500');
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

// Team mode (HTTP). Kept apart from Config: the tools never see it.
export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 3000;
export const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONCURRENT = 512;
export const SHUTDOWN_GRACE_MS = 10_000;

export interface HttpConfig {
  host: string;
  port: number;
  /** A server-wide token is used by requests that bring none; refused unless this is set. */
  sharedToken: boolean;
  requireAuth: boolean;
  authorizationServers: string[];
  /** Exact origins (scheme://host[:port]) browsers may call from; requests without Origin are allowed. */
  allowedOrigins: string[];
  /** Public base URL (behind a gateway); otherwise derived from the request's Host. */
  publicUrl: string | undefined;
  /** Deadline for receiving a whole request (headers and body). */
  bodyTimeoutMs: number;
  maxConcurrent: number;
}

export interface RawHttpConfig {
  host?: string | undefined;
  port?: string | number | undefined;
  sharedToken?: string | boolean | undefined;
  requireAuth?: string | boolean | undefined;
  authorizationServers?: string[] | string | undefined;
  allowedOrigins?: string[] | string | undefined;
  publicUrl?: string | undefined;
  bodyTimeout?: string | number | undefined;
  maxConcurrent?: string | number | undefined;
}

/** A whole-number setting between min and max from a flag or env value; `fallback` when unset. */
function wholeNumber(value: string | number | undefined, fallback: number, min: number, max: number, rule: string): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${rule}, got "${value}"`);
  return n;
}

/** wholeNumber with the rule stated as a range. */
function wholeInRange(value: string | number | undefined, name: string, min: number, max: number, fallback: number): number {
  return wholeNumber(value, fallback, min, max, `${name} must be a whole number from ${min} to ${max}`);
}

function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`--allowed-origins takes origins such as https://app.example.com, got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError(`--allowed-origins takes bare origins (scheme://host[:port], no path), got "${value}"`);
  }
  return url.origin;
}

/** The HTTP settings; `config` is checked too, since a server-wide token means something else over HTTP. */
export function parseHttpConfig(raw: RawHttpConfig, config: Config): HttpConfig {
  const host = raw.host?.trim() || DEFAULT_HTTP_HOST;
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) throw new ConfigError(`--host must be a host name or IP address, got "${host}"`);
  const sharedToken = parseBool(raw.sharedToken, 'shared-token');
  if (config.token && !sharedToken) {
    throw new ConfigError(
      'a server-wide token (--token / KONNECT_TOKEN) is refused in HTTP mode: everyone who can reach this port would act as this token\'s owner. ' +
        'Unset it and let each user send their own token as "Authorization: Bearer kpat_…", or pass --shared-token if that is really what you want.',
    );
  }
  const requireAuth = parseBool(raw.requireAuth, 'require-auth');
  const authorizationServers = splitList(raw.authorizationServers).map((u) => parseBaseUrl(u, '--authorization-server'));
  if (authorizationServers.length > 0 && !requireAuth) throw new ConfigError('--authorization-server only means something with --require-auth; add it');
  return {
    host,
    port: wholeInRange(raw.port, 'port', 0, 65_535, DEFAULT_HTTP_PORT),
    sharedToken,
    requireAuth,
    authorizationServers,
    allowedOrigins: splitList(raw.allowedOrigins).map(parseOrigin),
    publicUrl: raw.publicUrl ? parseBaseUrl(raw.publicUrl, '--public-url') : undefined,
    bodyTimeoutMs: wholeInRange(raw.bodyTimeout, 'body-timeout', 100, 600_000, DEFAULT_BODY_TIMEOUT_MS),
    maxConcurrent: wholeInRange(raw.maxConcurrent, 'max-concurrent', 1, 100_000, DEFAULT_MAX_CONCURRENT),
  };
}
