// `konnect-mcp doctor`: checks a setup step by step; every failure says how to fix it. Everything it needs is passed in.
import { TOKEN_PLACEHOLDER } from './clients.js';
import { DEFAULT_REGION, GLOBAL_ORIGIN, parseBaseUrl, parseConfig, REGIONS, konnectOrigin, isRegion, type Config } from './config.js';
import { errorMessage } from './errors.js';
import { redact } from './redact.js';
import type { ToolDeps } from './deps.js';
import { runCall } from './http/call.js';
import { describeProxy, type ProxySettings } from './http/proxy.js';

/** Same floor as package.json "engines". */
export const MIN_NODE = '20.19.0';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorInput {
  nodeVersion: string;
  token: string | undefined;
  region: string | undefined;
  baseUrl: string | undefined;
  timeout?: string | undefined;
}

export interface DoctorDeps {
  fetch: typeof fetch;
  /** Builds the tool dependencies for a config, so whoami runs through execute like any call. */
  toolDeps: (config: Config) => ToolDeps;
  /** The proxy in use (fetch already goes through it), for the report. */
  proxy?: ProxySettings | undefined;
}

export interface DoctorReport {
  checks: Check[];
  ok: boolean;
}

function versionAtLeast(version: string, min: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export function checkNode(version: string): Check {
  const name = 'Node.js';
  if (versionAtLeast(version, MIN_NODE)) return { name, status: 'ok', detail: `${version} (needs >= ${MIN_NODE})` };
  return { name, status: 'fail', detail: `${version} is too old (needs >= ${MIN_NODE})`, fix: `Install Node.js ${MIN_NODE} or newer (the current LTS is fine), e.g. from https://nodejs.org or with nvm.` };
}

export function checkToken(token: string | undefined): Check {
  const name = 'token';
  const t = token?.trim();
  const create = 'Create a personal access token (kpat_…) in Konnect under your account > Personal access tokens, or a system account token (spat_…), and set KONNECT_TOKEN in your MCP client config.';
  if (!t) return { name, status: 'fail', detail: 'no token is set (KONNECT_TOKEN or --token)', fix: create };
  if (t === TOKEN_PLACEHOLDER) return { name, status: 'fail', detail: 'the token is still the placeholder from the setup snippet', fix: `Replace ${TOKEN_PLACEHOLDER} with your real token. ${create}` };
  if (/^bearer\s/i.test(t)) return { name, status: 'warn', detail: 'the token starts with "Bearer "; konnect-mcp drops that prefix and adds its own', fix: 'Set KONNECT_TOKEN to the bare kpat_/spat_ token.' };
  if (t.startsWith('kpat_')) return { name, status: 'ok', detail: 'personal access token (kpat_…)' };
  if (t.startsWith('spat_')) return { name, status: 'ok', detail: 'system account token (spat_…)' };
  return { name, status: 'fail', detail: 'the token does not start with kpat_ or spat_', fix: `Konnect tokens start with kpat_ (personal) or spat_ (system account); check you copied the whole token. ${create}` };
}

export function checkRegion(region: string | undefined): Check {
  const name = 'region';
  if (region === undefined || region.trim() === '') return { name, status: 'ok', detail: `${DEFAULT_REGION} (default)` };
  const r = region.trim().toLowerCase();
  if (isRegion(r)) return { name, status: 'ok', detail: r };
  return { name, status: 'fail', detail: `"${region}" is not a Konnect region`, fix: `Set KONNECT_REGION (or --region) to the region of your Konnect org: one of ${REGIONS.join(', ')}. It is shown in the Konnect URL, e.g. cloud.konghq.com/eu/…` };
}

export function checkProxy(proxy: ProxySettings): Check {
  const via = [proxy.httpsProxy ? `HTTPS_PROXY ${describeProxy(proxy.httpsProxy)}` : '', proxy.httpProxy ? `HTTP_PROXY ${describeProxy(proxy.httpProxy)}` : ''].filter(Boolean).join(', ');
  return { name: 'proxy', status: 'ok', detail: `requests go through ${via}${proxy.noProxy ? ` (NO_PROXY ${proxy.noProxy})` : ''}` };
}

/** Where requests go, for advice: the Konnect hosts, or the --base-url the user chose. */
function allowHint(baseUrl: string | undefined): string {
  return baseUrl ? `that ${new URL(baseUrl).origin} is up and reachable from this machine (it is your --base-url / KONNECT_BASE_URL)` : 'that HTTPS to *.api.konghq.com is allowed by your firewall';
}

async function checkReachable(name: string, origin: string, f: typeof fetch, timeoutMs: number, baseUrl: string | undefined): Promise<Check> {
  try {
    // Any HTTP answer proves the host is reachable; no token is sent.
    const res = await f(`${origin}/`, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { name, status: 'ok', detail: `${origin} answered (HTTP ${res.status})` };
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const timedOut = (err as { name?: unknown }).name === 'TimeoutError';
    const why = timedOut ? `no answer within ${timeoutMs} ms (--timeout / KONNECT_TIMEOUT)` : cause ? errorMessage(cause) : errorMessage(err);
    return { name, status: 'fail', detail: `${origin} is not reachable: ${why}`, fix: `Check your internet connection, VPN and proxy settings, and ${allowHint(baseUrl)}.` };
  }
}

function who(body: unknown): string {
  const b = (body ?? {}) as { full_name?: unknown; email?: unknown; id?: unknown };
  const name = typeof b.full_name === 'string' ? b.full_name : undefined;
  const email = typeof b.email === 'string' ? `<${b.email}>` : undefined;
  const id = typeof b.id === 'string' ? `user ${b.id}` : 'the token owner';
  return [name, email].filter(Boolean).join(' ') || id;
}

async function checkWhoami(config: Config, baseUrl: string | undefined, deps: DoctorDeps): Promise<Check> {
  const name = 'whoami';
  try {
    const { out } = await runCall({ operationId: 'get-users-me', api: 'identity' }, deps.toolDeps(config));
    const status = typeof out.status === 'number' ? out.status : 0;
    const call = `GET ${String(out.url)} answered ${status}`;
    if (status >= 200 && status < 300) return { name, status: 'ok', detail: `signed in as ${who(out.body)}` };
    if (status === 401) return { name, status: 'fail', detail: call, fix: 'Konnect rejected the token: it is invalid, expired or revoked. Create a new token in Konnect and update KONNECT_TOKEN.' };
    if ((status === 403 || status === 404) && config.token?.startsWith('spat_')) {
      return { name, status: 'warn', detail: `${call}: the token was accepted, but this system account has no user record to show` };
    }
    if (status === 404) {
      const fix = baseUrl
        ? `${new URL(baseUrl).origin} has no /v3/users/me: point --base-url / KONNECT_BASE_URL at a Konnect API origin, or at a proxy that forwards paths unchanged to ${GLOBAL_ORIGIN}.`
        : 'Konnect found no user for this token: the user may have been removed from the org. Sign in to Konnect, create a new personal access token and update KONNECT_TOKEN.';
      return { name, status: 'fail', detail: call, fix };
    }
    const hint = typeof out.hint === 'string' ? out.hint : 'Retry later; if it persists, check status.konghq.com.';
    return { name, status: 'fail', detail: call, fix: hint };
  } catch (err) {
    return { name, status: 'fail', detail: errorMessage(err, 'cli'), fix: baseUrl ? `Check ${allowHint(baseUrl)}.` : 'Check the network checks above.' };
  }
}

export async function runDoctor(input: DoctorInput, deps: DoctorDeps): Promise<DoctorReport> {
  const tokenCheck = checkToken(input.token);
  const checks: Check[] = [checkNode(input.nodeVersion), tokenCheck];
  const region = checkRegion(input.region);
  checks.push(region);
  if (deps.proxy) checks.push(checkProxy(deps.proxy));

  let baseUrl: string | undefined;
  if (input.baseUrl) {
    try {
      baseUrl = parseBaseUrl(input.baseUrl);
    } catch (err) {
      checks.push({ name: 'base URL', status: 'fail', detail: errorMessage(err), fix: 'Fix or unset --base-url / KONNECT_BASE_URL.' });
      return finish(checks, input.token);
    }
  }
  let config: Config;
  try {
    config = parseConfig({ token: input.token, region: region.status === 'ok' ? input.region : undefined, baseUrl, timeout: input.timeout }).config;
  } catch (err) {
    checks.push({ name: 'config', status: 'fail', detail: errorMessage(err), fix: 'Fix the value named above.' });
    return finish(checks, input.token);
  }

  // The same deadline as every call: --timeout / KONNECT_TIMEOUT, 30 s by default.
  const reachMs = config.timeoutMs;
  let whoamiHost: Check;
  if (baseUrl) {
    whoamiHost = await checkReachable('base URL', new URL(baseUrl).origin, deps.fetch, reachMs, baseUrl);
    checks.push(whoamiHost);
  } else {
    checks.push(
      region.status === 'ok'
        ? await checkReachable('regional host', konnectOrigin(config.region), deps.fetch, reachMs, undefined)
        : { name: 'regional host', status: 'skip', detail: 'needs a valid region' },
    );
    whoamiHost = await checkReachable('global host', GLOBAL_ORIGIN, deps.fetch, reachMs, undefined);
    checks.push(whoamiHost);
  }

  // whoami goes to the global host (or the base URL).
  const hostOk = whoamiHost.status === 'ok';
  const tokenOk = tokenCheck.status === 'ok' || tokenCheck.status === 'warn'; // a Bearer prefix is dropped by parseConfig
  if (!tokenOk) checks.push({ name: 'whoami', status: 'skip', detail: 'needs a valid token' });
  else if (!hostOk) checks.push({ name: 'whoami', status: 'skip', detail: `needs ${baseUrl ? 'the base URL' : 'the global host'} to be reachable` });
  else checks.push(await checkWhoami(config, baseUrl, deps));
  return finish(checks, input.token);
}

function finish(checks: Check[], token: string | undefined): DoctorReport {
  // Belt and braces: nothing the checks print may carry the token.
  const clean = checks.map((c) => ({ ...c, detail: redact(c.detail, token), ...(c.fix ? { fix: redact(c.fix, token) } : {}) }));
  return { checks: clean, ok: clean.every((c) => c.status !== 'fail') };
}

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export function renderDoctor(report: DoctorReport): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${LABEL[c.status]}  ${c.name}: ${c.detail}`);
    if (c.fix) lines.push(`      fix: ${c.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(report.ok ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return lines.join('\n');
}
