// Corporate proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, honoured on every supported Node version through undici's
// own proxy agent (Node 20's built-in fetch ignores them). undici is loaded only when a proxy is set.

export interface ProxySettings {
  httpProxy?: string | undefined;
  httpsProxy?: string | undefined;
  noProxy?: string | undefined;
}

/** The proxy settings in an environment (lower case wins, as curl reads them); undefined when none is set. */
export function proxySettings(env: Record<string, string | undefined>): ProxySettings | undefined {
  const pick = (name: string): string | undefined => (env[name.toLowerCase()] ?? env[name])?.trim() || undefined;
  const settings = { httpProxy: pick('HTTP_PROXY'), httpsProxy: pick('HTTPS_PROXY'), noProxy: pick('NO_PROXY') };
  return settings.httpProxy || settings.httpsProxy ? settings : undefined;
}

/** A proxy URL fit to print: credentials hidden. */
export function describeProxy(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.href.replace(/\/$/, '');
  } catch {
    return '(not a valid URL)';
  }
}

/**
 * A fetch that goes through the proxy. It uses undici's own fetch with its EnvHttpProxyAgent (a dispatcher from the
 * npm package does not fit the undici built into Node 20), so a Request built by ky is passed on as its parts.
 */
export async function proxyFetch(settings: ProxySettings): Promise<typeof fetch> {
  const { EnvHttpProxyAgent, fetch: undiciFetch } = await import('undici');
  // Empty strings, not undefined: the agent would otherwise read process.env itself.
  const dispatcher = new EnvHttpProxyAgent({ httpProxy: settings.httpProxy ?? '', httpsProxy: settings.httpsProxy ?? '', noProxy: settings.noProxy ?? '' });
  const send = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    if (input instanceof Request) {
      const body = input.body ? await input.arrayBuffer() : undefined;
      const res = await undiciFetch(input.url, {
        method: input.method,
        headers: [...input.headers],
        redirect: input.redirect,
        signal: init?.signal ?? input.signal,
        ...(body !== undefined ? { body } : {}),
        dispatcher,
      });
      return res as unknown as Response;
    }
    const res = await undiciFetch(input instanceof URL ? input.href : input, { ...(init as object), dispatcher });
    return res as unknown as Response;
  };
  return send as typeof fetch;
}
