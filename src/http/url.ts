// Picks the origin and version prefix for an API: regional, global, custom (dev portal) or the override.
import type { ApiEntry } from '../catalog/types.js';
import { GLOBAL_ORIGIN, parseBaseUrl, REGIONS, konnectOrigin, type Region } from '../config.js';
import { ConfigError, RoutingError } from '../errors.js';

export interface RouteOptions {
  region: Region;
  /** Per-call baseUrl (dev-portal APIs, or any custom host). */
  callBaseUrl?: string | undefined;
  /** KONNECT_BASE_URL: replaces the origin of every request. */
  overrideBaseUrl?: string | undefined;
}

/** Returns the URL prefix (origin + version prefix) the operation's path is appended to. */
export function apiBaseUrl(api: ApiEntry, opts: RouteOptions): string {
  const { host } = api;
  if (host.kind === 'custom') {
    const base = opts.callBaseUrl ?? opts.overrideBaseUrl;
    if (!base) {
      throw new RoutingError(
        `api ${api.api} is served on each portal's own domain: pass baseUrl, for example "https://my-portal.example.com" ` +
          `(its spec shows ${host.exampleOrigin ?? 'a custom host'}).`,
      );
    }
    return `${checkedBase(base)}${host.prefix}`;
  }
  if (opts.callBaseUrl) {
    throw new RoutingError(`baseUrl is only for APIs on a custom host (the dev-portal APIs); ${api.api} is a ${host.kind} Konnect API. Use region instead.`);
  }
  if (host.kind === 'regional' && !host.regions.includes(opts.region)) {
    throw new RoutingError(`api ${api.api} is not served in region "${opts.region}"; it is available in ${host.regions.join(', ')}. Pass one of those as region.`);
  }
  if (opts.overrideBaseUrl) return `${opts.overrideBaseUrl}${host.prefix}`;
  const origin = host.kind === 'global' ? GLOBAL_ORIGIN : konnectOrigin(opts.region);
  return `${origin}${host.prefix}`;
}

export interface Route {
  /** Origin plus version prefix. */
  baseUrl: string;
  /** The Konnect token goes only to Konnect hosts or the configured override, never to a per-call baseUrl. */
  auth: boolean;
}

export function route(api: ApiEntry, opts: RouteOptions): Route {
  return { baseUrl: apiBaseUrl(api, opts), auth: api.host.kind !== 'custom' };
}

/** Konnect's own origins, plus the configured override and (for custom-host APIs) the per-call baseUrl. */
export function allowedOrigins(api: ApiEntry, opts: RouteOptions): Set<string> {
  const out = new Set<string>([GLOBAL_ORIGIN, ...REGIONS.map(konnectOrigin)]);
  for (const base of [opts.overrideBaseUrl, api.host.kind === 'custom' ? opts.callBaseUrl : undefined]) {
    if (base) out.add(new URL(base).origin);
  }
  return out;
}

/** Last check before sending: the URL's origin must be one execute may talk to. */
export function assertAllowedUrl(url: string, allowed: ReadonlySet<string>): void {
  const origin = new URL(url).origin;
  if (!allowed.has(origin)) {
    throw new RoutingError(`refusing to send a request to ${origin}: execute only talks to Konnect hosts, the configured --base-url, or a dev portal's baseUrl.`);
  }
}

function checkedBase(value: string): string {
  try {
    return parseBaseUrl(value, 'baseUrl');
  } catch (err) {
    if (err instanceof ConfigError) throw new RoutingError(err.message);
    throw err;
  }
}
