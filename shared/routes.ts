import type { QueueKey, TableKey } from './resources.ts';

/** Cognito groups that act as roles. */
export const ROLES = ['admin', 'operator', 'ingest', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A Lambda function and what it may touch; the CDK stack grants exactly this, the local stack wires the same. */
export interface FunctionSpec {
  /** Entry file relative to the repo root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly tables: Partial<Record<TableKey, 'read' | 'readwrite'>>;
  /** Sends to the model-events queue. */
  readonly sendsModelEvents?: boolean;
  /** Publishes to the alerts topic. */
  readonly publishesAlerts?: boolean;
  /** Writes and reads the metric store (Timestream or DynamoDB, by context). */
  readonly usesMetricStore?: boolean;
  /** @default 256 */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
}

export const FUNCTIONS = {
  health: {
    entry: 'functions/health/get-health.ts',
    description: 'Liveness of the API',
    tables: {},
  },
  monitoringIngest: {
    entry: 'functions/monitoring/ingest.ts',
    description: 'Logs predictions and their outcomes',
    tables: { predictions: 'readwrite', aggregates: 'readwrite', models: 'readwrite', config: 'read' },
    sendsModelEvents: true,
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  monitoringQuery: {
    entry: 'functions/monitoring/query.ts',
    description: 'Model performance, summary, thresholds and alerts',
    tables: { aggregates: 'read', models: 'read', config: 'readwrite', alerts: 'read', predictions: 'read' },
    sendsModelEvents: true,
    memoryMb: 512,
    timeoutSeconds: 29,
  },
  statusEvaluator: {
    entry: 'functions/monitoring/evaluate-status.ts',
    description: 'Re-evaluates model status from the model-events queue and publishes alerts',
    tables: { aggregates: 'read', models: 'readwrite', config: 'read', alerts: 'readwrite' },
    publishesAlerts: true,
    usesMetricStore: true,
    timeoutSeconds: 30,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof FUNCTIONS;

/** One HTTP route. */
export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: FunctionKey;
  /** Roles allowed; absent means the route is public (no authorizer). */
  readonly roles?: readonly Role[];
  /** Steady-state requests per second and burst for this route. */
  readonly throttle: { readonly rate: number; readonly burst: number };
}

const WRITE: readonly Role[] = ['ingest', 'operator', 'admin'];
const READ: readonly Role[] = ['viewer', 'operator', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const MONITORING = '/api/ai/monitoring';

/**
 * The route table: the one source for the HTTP API in CDK and for the local gateway.
 * Add a route here, add its handler to the function's router, and both sides have it.
 */
export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/v1/aiops/health', function: 'health', throttle: { rate: 50, burst: 100 } },
  { method: 'POST', path: `${MONITORING}/log-prediction`, function: 'monitoringIngest', roles: WRITE, throttle: { rate: 2000, burst: 4000 } },
  { method: 'POST', path: `${MONITORING}/log-predictions`, function: 'monitoringIngest', roles: WRITE, throttle: { rate: 200, burst: 400 } },
  { method: 'POST', path: `${MONITORING}/update-result`, function: 'monitoringIngest', roles: WRITE, throttle: { rate: 2000, burst: 4000 } },
  { method: 'GET', path: `${MONITORING}/performance`, function: 'monitoringQuery', roles: READ, throttle: { rate: 100, burst: 200 } },
  { method: 'GET', path: `${MONITORING}/summary`, function: 'monitoringQuery', roles: READ, throttle: { rate: 50, burst: 100 } },
  { method: 'GET', path: `${MONITORING}/thresholds`, function: 'monitoringQuery', roles: READ, throttle: { rate: 50, burst: 100 } },
  { method: 'PUT', path: `${MONITORING}/thresholds`, function: 'monitoringQuery', roles: ADMIN, throttle: { rate: 5, burst: 10 } },
  { method: 'GET', path: `${MONITORING}/alerts`, function: 'monitoringQuery', roles: READ, throttle: { rate: 50, burst: 100 } },
];

/** API Gateway's route key for a route, e.g. `GET /api/ai/monitoring/summary`. */
export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export function findRoute(key: string): RouteSpec | undefined {
  return ROUTES.find((r) => routeKey(r) === key);
}

/** Queue consumers: Lambda event source mappings in CDK, pollers in the local stack. */
export const QUEUE_CONSUMERS = [{ queue: 'modelEvents', function: 'statusEvaluator', batchSize: 10 }] as const satisfies readonly {
  queue: QueueKey;
  function: FunctionKey;
  batchSize: number;
}[];
