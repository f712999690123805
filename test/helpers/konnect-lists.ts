// Konnect-shaped list data, deterministic, for the paging and budget tests: routes and services (core entities,
// offset paging), data plane nodes (page.next cursor) and control planes (page[number]).

/** A deterministic pseudo-random generator, so the data looks varied but every run is the same. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function uuid(r: () => number): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${hex(12)}`;
}

const TEAMS = ['payments', 'orders', 'catalog', 'identity', 'search', 'billing', 'shipping', 'inventory'];

export interface Route {
  id: string;
  name: string;
  paths: string[];
  methods: string[];
  protocols: string[];
  hosts: string[] | null;
  service: { id: string } | null;
  strip_path: boolean;
  preserve_host: boolean;
  regex_priority: number;
  https_redirect_status_code: number;
  path_handling: string;
  request_buffering: boolean;
  response_buffering: boolean;
  tags: string[];
  created_at: number;
  updated_at: number;
}

export function routes(n: number, seed = 7): Route[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const team = TEAMS[i % TEAMS.length]!;
    const created = 1_700_000_000 + Math.floor(r() * 30_000_000);
    return {
      id: uuid(r),
      name: `${team}-route-${String(i).padStart(4, '0')}`,
      paths: [`/${r() < 0.5 ? 'v1' : 'v2'}/${team}/${i}`],
      methods: r() < 0.5 ? ['GET'] : ['GET', 'POST', 'PUT'],
      protocols: ['http', 'https'],
      hosts: r() < 0.3 ? [`${team}.example.com`] : null,
      service: i % 7 === 3 ? null : { id: uuid(r) },
      strip_path: r() < 0.5,
      preserve_host: false,
      regex_priority: 0,
      https_redirect_status_code: 426,
      path_handling: 'v0',
      request_buffering: true,
      response_buffering: true,
      tags: [`team-${team}`, r() < 0.5 ? 'env-prod' : 'env-staging'],
      created_at: created,
      updated_at: created + Math.floor(r() * 100_000),
    };
  });
}

export function nodes(n: number, seed = 11): Record<string, unknown>[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: uuid(r),
    version: `3.${Math.floor(r() * 10)}.${Math.floor(r() * 3)}.0`,
    hostname: `dp-${TEAMS[i % TEAMS.length]}-${i}.internal`,
    last_ping: 1_730_000_000 + Math.floor(r() * 1_000_000),
    type: 'kong-proxy',
    created_at: 1_700_000_000 + i,
    updated_at: 1_730_000_000 + i,
    config_hash: Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join(''),
    compatibility_status: { state: r() < 0.9 ? 'COMPATIBILITY_STATE_FULLY_COMPATIBLE' : 'COMPATIBILITY_STATE_INCOMPATIBLE' },
  }));
}

export function controlPlanes(n: number, seed = 13): Record<string, unknown>[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const id = uuid(r);
    const team = TEAMS[i % TEAMS.length]!;
    return {
      id,
      name: `${team}-cp-${i}`,
      description: `Control plane for the ${team} team, ${r() < 0.5 ? 'production traffic in the EU' : 'staging and load tests'}.`,
      labels: { team, env: r() < 0.5 ? 'prod' : 'staging' },
      config: {
        control_plane_endpoint: `https://${id.slice(0, 10)}.us.cp0.konghq.com`,
        telemetry_endpoint: `https://${id.slice(0, 10)}.us.tp0.konghq.com`,
        cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
        auth_type: 'pinned_client_certs',
        cloud_gateway: false,
        proxy_urls: [],
      },
      created_at: '2025-03-04T10:11:12.000Z',
      updated_at: '2025-06-07T08:09:10.000Z',
    };
  });
}

/** Serves routes the way core entities page them: `size` (at most 1,000) and an opaque `offset` in the body. */
export function routesPage(all: Route[], path: string, url: URL): { status: number; body: unknown } {
  const p = url.searchParams;
  const size = Number(p.get('size') ?? 100);
  if (size > 1000) return { status: 400, body: { message: 'size must be at most 1000' } };
  const start = p.get('offset') ? Number(Buffer.from(p.get('offset')!, 'base64url').toString()) : 0;
  const end = start + size;
  const offset = end < all.length ? Buffer.from(String(end)).toString('base64url') : null;
  return { status: 200, body: { data: all.slice(start, end), offset, next: offset ? `${path}?offset=${offset}&size=${size}` : null } };
}
