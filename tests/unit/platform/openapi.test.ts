import { Validator } from '@seriousme/openapi-schema-validator';
import { ROUTES } from '#catalog/routes.ts';
import { ROUTE_CONTRACTS } from '#contracts/api.ts';
import { openApiDocument } from '#contracts/openapi.ts';

type Operation = {
  operationId: string;
  'x-roles': string[];
  security: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

describe('openApiDocument', () => {
  const doc = openApiDocument();
  const operation = (method: string, path: string) =>
    (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await new Validator().validate(structuredClone(doc));

    // Assess
    expect(result).toEqual({ valid: true });
    expect(doc.openapi).toBe('3.1.0');
  });

  it.each(ROUTES.map((r) => [r.id, r] as const))('describes route %s with its roles and schemas', (id, route) => {
    // Act
    const op = operation(route.method, route.path);

    // Assess
    expect(op?.operationId).toBe(id);
    expect(op?.['x-roles']).toEqual(route.roles ?? []);
    expect(op?.security).toEqual(route.roles === undefined ? [] : [{ bearer: [] }]);
    expect(op?.requestBody !== undefined).toBe('body' in ROUTE_CONTRACTS[id]);
    const success = String((ROUTE_CONTRACTS[id] as { status?: number }).status ?? 200);
    expect(Object.keys(op?.responses ?? {})).toContain(success);
    expect(Object.keys(op?.responses ?? {})).toContain('500');
  });

  it('lists no operation that the route table does not have', () => {
    // Act
    const listed = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );

    // Assess
    expect(listed.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('documents the error body and a 400 naming field paths', () => {
    // Assess
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      properties: { success: { const: false }, error: { type: 'object' } },
    });
    expect(Object.keys(operation('POST', '/api/ai/monitoring/log-prediction')?.responses ?? {})).toContain('400');
  });
});
