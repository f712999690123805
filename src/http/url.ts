// Picks the origin and version prefix for an API: regional, global, custom (dev portal) or the override.
import type { ApiEntry } from '../catalog/types.js';
import { GLOBAL_ORIGIN, parseBaseUrl, regionalOrigin, type Region } from '../config.js';
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
  const origin = host.kind === 'global' ? GLOBAL_ORIGIN : regionalOrigin(opts.region);
  return `${origin}${host.prefix}`;
}

function checkedBase(value: string): string {
  try {
    return parseBaseUrl(value, 'baseUrl');
  } catch (err) {
    if (err instanceof ConfigError) throw new RoutingError(err.message);
    throw err;
  }
}
