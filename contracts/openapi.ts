import * as z from 'zod/mini';
import { ROUTES, type RouteSpec } from '#catalog/routes.ts';
import { ROUTE_CONTRACTS, type RouteContract } from './api.ts';
import { errorResponseSchema } from './responses.schema.ts';

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of a request (`input`) or response (`output`) schema. */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Query or path parameters from an object schema's properties. */
function parameters(schema: z.ZodMiniType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (schema === undefined) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

const ERRORS: Record<string, string> = {
  '400': 'The request is malformed; `error.details` lists each field path and what is wrong',
  '401': 'No valid bearer token',
  '403': 'The token lacks a role this route needs',
  '404': 'Not found',
  '409': 'Conflicts with the current state',
  '413': 'The body is too large',
  '429': 'Throttled; retry after the Retry-After header',
  '500': 'Internal error; the message carries the request id',
  '502': 'Every AI provider the call could go to failed (generate/text)',
  '503': 'A dependency is unavailable (health)',
};

const TAGS: Record<RouteSpec['function'], string> = {
  health: 'platform',
  apiDocs: 'platform',
  analytics: 'analytics',
  serviceMonitoring: 'services',
  serviceIngest: 'services',
  serviceDetection: 'services',
  probesApi: 'probes',
  forecasting: 'forecasts',
  batchAnalysisApi: 'services',
  batchAnalysisWorker: 'services',
  forecastSchedule: 'forecasts',
  probeRunner: 'probes',
  platformAdmin: 'platform',
  monitoringIngest: 'monitoring',
  monitoringQuery: 'monitoring',
  alertingApi: 'alerting',
  statusEvaluator: 'monitoring',
  driftScan: 'drift',
  retrainApi: 'retraining',
  retrainConsumer: 'retraining',
  retrainSchedule: 'retraining',
  retrainStep: 'retraining',
  webhookNotifier: 'alerting',
  aiOpsApi: 'ai-providers',
  llmUsageIngest: 'ai-providers',
  generationGateway: 'ai-providers',
  aiOpsSchedule: 'ai-providers',
  incidentsApi: 'incidents',
  incidentSync: 'incidents',
};

function operation(route: RouteSpec & { id: string }, contract: RouteContract) {
  const json = (schema: z.ZodMiniType, io: 'input' | 'output') => ({ schema: jsonSchema(schema, io) });
  const yaml = contract.alsoYaml === true ? { 'application/yaml': { schema: { type: 'string' } } } : {};
  const errorCodes =
    route.roles === undefined
      ? ['429', '500', '503']
      : Object.keys(ERRORS).filter(
          (code) => code !== '503' && (code !== '502' || route.function === 'generationGateway'),
        );
  return {
    operationId: route.id,
    summary: route.summary,
    tags: [TAGS[route.function]],
    'x-roles': route.roles ?? [],
    security: route.roles === undefined ? [] : [{ bearer: [] }],
    ...(route.roles !== undefined ? { description: `Roles: ${route.roles.join(', ')}.` } : {}),
    parameters: [...parameters(contract.path, 'path'), ...parameters(contract.query, 'query')],
    ...(contract.body !== undefined
      ? { requestBody: { required: true, content: { 'application/json': json(contract.body, 'input'), ...yaml } } }
      : {}),
    responses: {
      [String(contract.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': json(contract.response, 'output'), ...yaml },
      },
      ...Object.fromEntries(
        errorCodes.map((code) => [
          code,
          {
            description: ERRORS[code],
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table (paths, methods,
 * roles, summaries) and the route contracts (request and response schemas), so it cannot drift
 * from what the handlers validate and return.
 *
 * @example
 * const doc = openApiDocument(); // doc.paths['/api/ai/monitoring/summary'].get.operationId === 'getSummary'
 */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route, ROUTE_CONTRACTS[route.id]);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AIOps platform API',
      version: '1.0.0',
      description:
        'Model monitoring, drift, alerting, a model registry and retraining. Every route but health and this ' +
        'document takes `Authorization: Bearer <token>`; roles are Cognito groups (admin, operator, ingest, viewer).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(TAGS))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
    },
  };
}
