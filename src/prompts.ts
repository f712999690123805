// MCP prompts for the common jobs. Each names the operations (operationId [api]) the model should look up,
// so it can go straight to get_schema; a test checks every one exists in the catalog.
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ToolDeps } from './deps.js';
import { operationFacts } from './prompt-facts.js';

export interface OperationRef {
  operationId: string;
  api: string;
  why: string;
}

export interface PromptDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  argsSchema: S;
  operations: OperationRef[];
  text: (args: z.output<S>) => string;
}

/** Keeps each prompt's argument types for its text function, then widens it for the shared list. */
function definePrompt<S extends z.ZodObject>(def: PromptDef<S>): PromptDef {
  return def as unknown as PromptDef;
}

const op = (operationId: string, api: string, why: string): OperationRef => ({ operationId, api, why });

const LOOP =
  'Work with the konnect tools: search to confirm each operation, get_schema before the first call of each ' +
  '(bodies and filters are strict), then execute. Only read unless the user agrees to a change; use dryRun to show a write first.';

/** When analytics cannot explain it: a Debugger session in Konnect's UI (its API is not public), then analyze_trace. */
const DEBUGGER_STEP = (criteria: string): string =>
  'If that does not explain it, ask the user to start a Debugger session in Konnect (Observability > Debugger > New session, ' +
  `or Start debugging on the route or service; it has no public API) with sampling criteria for the route such as ${criteria}, ` +
  'then download the trace (.json or .zip) and call analyze_trace with its path: it names the bottleneck (plugin, DNS, Redis or IdP I/O, ' +
  'upstream connect or time to first byte, slow client) with its time and share, plugin early exits, errors and events.';

function operationList(ops: OperationRef[]): string {
  return ops.map((o) => `- ${o.operationId} [${o.api}]: ${o.why}`).join('\n');
}

function compose(goal: string, steps: string[], ops: OperationRef[], notes: string[] = []): string {
  return [
    goal,
    '',
    'Steps:',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    '',
    'Operations to search for (operationId [api]):',
    operationList(ops),
    '',
    ...notes,
    LOOP,
  ].join('\n');
}

/** Names, ids and time ranges: the text quotes each several times, so a long one would only bloat it. */
const nameArg = () => z.string().trim().min(1).max(200, 'at most 200 characters: a name or id');

const timeRange = z.string().trim().min(1).max(20, 'at most 20 characters, e.g. 24h').optional().describe('How far back to look, e.g. 1h, 24h or 7d (default 24h)');

const perfOps = [
  op('list-control-planes', 'control-planes', 'find the control plane and its id'),
  op('metrics', 'analytics-metrics', 'latency percentiles (response_latency_p95/p99, upstream_latency_p95, kong_latency_p95), error_rate and request_count, grouped by route or gateway_service'),
  op('query-requests', 'analytics-requests', 'individual slow or failed requests: latencies, status codes, upstream and consumer'),
  op('list-route', 'control-planes-config', 'find the route by name, paths or hosts'),
  op('list-service', 'control-planes-config', 'find the gateway service and its upstream URL, timeouts and retries'),
  op('get-route', 'control-planes-config', 'the route configuration'),
  op('get-service', 'control-planes-config', 'the service configuration'),
  op('list-plugin-with-route', 'control-planes-config', 'plugins on the route (rate limiting, caching, transformations)'),
  op('list-plugin-with-service', 'control-planes-config', 'plugins on the service'),
  op('list-upstream', 'control-planes-config', 'load-balancing upstreams and health checks, if the service uses one'),
];

const debugApiPerformance = definePrompt({
  name: 'debug-api-performance',
  title: 'Debug a slow or failing API',
  description: 'Latency and error rates for a route or service from Konnect analytics, slow samples, then the gateway config behind it.',
  argsSchema: z.object({
    target: nameArg().describe('Route or gateway service to look at (name or id)'),
    timeRange,
  }),
  operations: perfOps,
  text: ({ target, timeRange: range = '24h' }) =>
    compose(
      `Find out why the API "${target}" is slow or failing over the last ${range}, and what in its gateway configuration could explain it.`,
      [
        `Find the control plane, then the route or gateway service called "${target}" and note its id.`,
        `Query metrics (datasource api_usage) for ${range}: response_latency_p95 and p99, upstream_latency_p95, kong_latency_p95, error_rate and request_count, grouped by route or gateway_service and filtered to "${target}".`,
        'Split latency into upstream (the backend) and kong (the gateway and its plugins) to see where the time goes.',
        `Query api-requests for ${range}, filtered to the route or service, to read slow or failed samples (status codes, latencies, consumer, trace_id).`,
        DEBUGGER_STEP('latency at or above 1000 ms (proxy.kong.latency_total_ms >= 1000) or http.response.status_code==503'),
        'Read the route, service and plugin configuration (timeouts, retries, rate limiting, caching, transformations) and relate it to what the numbers show.',
        'Report the percentiles and error rate, the likely cause and concrete next steps.',
      ],
      perfOps,
    ),
});

const errorOps = [
  op('list-control-planes', 'control-planes', 'find the control plane and its id'),
  op('metrics', 'analytics-metrics', 'error_rate and request_count grouped by status_code_grouped, status_code, upstream_status_code_grouped, route or gateway_service'),
  op('query-requests', 'analytics-requests', 'sample requests filtered by status_code_grouped to read the failures'),
  op('get-route', 'control-planes-config', 'configuration of the routes that fail most'),
  op('get-service', 'control-planes-config', 'configuration of the services that fail most'),
  op('list-plugin-with-route', 'control-planes-config', 'plugins that may reject requests (auth, ACL, rate limiting, request validation)'),
  op('list-plugin-with-service', 'control-planes-config', 'plugins on the service'),
];

const investigateErrors = definePrompt({
  name: 'investigate-errors',
  title: 'Investigate API errors',
  description: 'Which routes, services and consumers produce 4xx or 5xx responses, whether the gateway or the backend returns them, and why.',
  argsSchema: z.object({
    statusClass: z
      .string()
      .trim()
      .regex(/^[45]xx$/i, 'statusClass must be 4xx or 5xx')
      .describe('Status class to investigate: 4xx or 5xx'),
    timeRange,
  }),
  operations: errorOps,
  text: ({ statusClass, timeRange: range = '24h' }) => {
    const cls = statusClass.toUpperCase();
    return compose(
      `Investigate the ${cls} responses of the last ${range}: where they come from and why.`,
      [
        `Query metrics for ${range} with request_count and error_rate, grouped by status_code_grouped, then by route or gateway_service, to find where ${cls} responses concentrate.`,
        `Group by upstream_status_code_grouped too: a ${cls} response that the upstream also returned comes from the backend; otherwise the gateway or a plugin produced it.`,
        `Query api-requests for ${range} filtered to status_code_grouped ${cls} to read sample failures (status code, route, consumer, upstream status).`,
        cls === '4XX'
          ? 'For 401/403/429, look at authentication, ACL and rate-limiting plugins on the route or service; for 404, at route paths and hosts.'
          : 'For 502/503/504, look at the service host, port, timeouts and retries, and at upstream health checks.',
        DEBUGGER_STEP(`the failing status, e.g. http.response.status_code==503 (or >= ${cls === '4XX' ? '400' : '500'})`),
        'Summarise the top offenders with counts, the likely cause of each and the fix.',
      ],
      errorOps,
      ['search_docs explains gateway error messages and plugin behaviour.', ''],
    );
  },
});

const auditOps = [
  op('list-control-planes', 'control-planes', 'find the control plane'),
  op('get-control-plane', 'control-planes', 'cluster type, labels and endpoints'),
  op('list-service', 'control-planes-config', 'gateway services'),
  op('list-route', 'control-planes-config', 'routes'),
  op('list-plugin', 'control-planes-config', 'every plugin, global or scoped, and whether it is enabled'),
  op('list-consumer', 'control-planes-config', 'consumers'),
  op('list-upstream', 'control-planes-config', 'upstreams'),
  op('list-certificate', 'control-planes-config', 'certificates (check expiry)'),
  op('list-vault', 'control-planes-config', 'vaults used for secrets'),
  op('list-dataplane-nodes', 'control-planes-config', 'data plane nodes: version, last seen and config_hash'),
  op('get-nodes-eol', 'control-planes-config', 'data plane nodes on end-of-life versions'),
  op('get-expected-config-hash', 'control-planes-config', 'the config hash every node should report'),
];

const auditControlPlane = definePrompt({
  name: 'audit-control-plane',
  title: 'Audit a control plane',
  description: 'Entities, plugins, data plane node versions and config sync (config hash) of one control plane.',
  argsSchema: z.object({
    controlPlane: nameArg().describe('Control plane name or id'),
  }),
  operations: auditOps,
  text: ({ controlPlane }) =>
    compose(
      `Audit the Konnect control plane "${controlPlane}" and report what needs attention.`,
      [
        `Find the control plane "${controlPlane}" and read it (cluster type, labels).`,
        'Count services, routes, consumers, upstreams, certificates and vaults (follow pagination); list the plugins with their scope and enabled state.',
        'Flag risks: routes without authentication, disabled plugins, services without timeouts, certificates close to expiry.',
        'List the data plane nodes with their versions and last-seen time, and any end-of-life versions.',
        'Compare each node\'s config_hash with the expected config hash to find nodes that are out of sync.',
        'Report the findings grouped as inventory, risks and node health, with the fix for each risk.',
      ],
      auditOps,
    ),
});

const onboardOps = [
  op('list-control-planes', 'control-planes', 'find the control plane'),
  op('list-consumer', 'control-planes-config', 'check whether the consumer already exists'),
  op('create-consumer', 'control-planes-config', 'create the consumer (the consumers API has a create-consumer too: pass api)'),
  op('create-key-auth-with-consumer', 'control-planes-config', 'an API key credential'),
  op('create-basic-auth-with-consumer', 'control-planes-config', 'a basic-auth credential'),
  op('create-jwt-with-consumer', 'control-planes-config', 'a JWT credential'),
  op('create-hmac-auth-with-consumer', 'control-planes-config', 'an HMAC credential'),
  op('list-consumer_group', 'control-planes-config', 'find the consumer group'),
  op('create-consumer_group', 'control-planes-config', 'create the group if it does not exist'),
  op('add-consumer-to-group', 'control-planes-config', 'put the consumer in the group'),
];

const onboardConsumer = definePrompt({
  name: 'onboard-consumer',
  title: 'Onboard an API consumer',
  description: 'Create a consumer on a control plane with a credential, and add it to a consumer group.',
  argsSchema: z.object({
    username: nameArg().describe('Username of the new consumer'),
    controlPlane: nameArg().describe('Control plane name or id'),
    credential: z
      .enum(['key-auth', 'basic-auth', 'jwt', 'hmac-auth'])
      .optional()
      .describe('Credential type: key-auth (default), basic-auth, jwt or hmac-auth'),
    consumerGroup: nameArg().optional().describe('Consumer group to add the consumer to (optional)'),
  }),
  operations: onboardOps,
  text: ({ username, controlPlane, credential = 'key-auth', consumerGroup }) =>
    compose(
      `Onboard the consumer "${username}" on the control plane "${controlPlane}" with a ${credential} credential${consumerGroup ? ` and add it to the consumer group "${consumerGroup}"` : ''}.`,
      [
        `Find the control plane "${controlPlane}" and check that no consumer "${username}" exists yet.`,
        `Show the planned writes as dry runs and ask the user to confirm, then create the consumer "${username}".`,
        `Create the ${credential} credential for it. Give any generated secret (such as the API key) to the user once, and do not repeat it later.`,
        consumerGroup ? `Find the consumer group "${consumerGroup}" (offer to create it if missing) and add the consumer to it.` : 'Ask whether the consumer should join a consumer group (for per-group rate limits), and add it if so.',
        'Confirm what was created, with ids.',
      ],
      // Only the credential asked for, so the model does not wander between kinds.
      onboardOps.filter((o) => !o.operationId.endsWith('-with-consumer') || o.operationId === `create-${credential}-with-consumer`),
    ),
});

export const PROMPTS: PromptDef[] = [debugApiPerformance, investigateErrors, auditControlPlane, onboardConsumer];

/** The prompt's text, then what the specs of its operations say about writing their queries (see prompt-facts.ts). */
async function promptText(p: PromptDef, args: Record<string, unknown>, deps: Pick<ToolDeps, 'catalog'> | undefined): Promise<string> {
  const text = p.text(args);
  const facts = deps ? await operationFacts(deps, p.operations) : '';
  return facts ? `${text}\n\n${facts}` : text;
}

export function registerPrompts(server: McpServer, deps?: Pick<ToolDeps, 'catalog'>): void {
  for (const p of PROMPTS) {
    server.registerPrompt(p.name, { title: p.title, description: p.description, argsSchema: p.argsSchema }, async (args) => ({
      description: p.description,
      messages: [{ role: 'user', content: { type: 'text', text: await promptText(p, args, deps) } }],
    }));
  }
}
