import {
  aiModelCreateSchema,
  aiModelPathSchema,
  aiModelUpdateSchema,
  budgetPathSchema,
  budgetSchema,
  healthHistoryQuerySchema,
  priceSchema,
  sloQuerySchema,
  usageReportQuerySchema,
} from '#contracts/providers.schema.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { PRICE_TABLE } from '#domain/providers/prices.ts';
import { SLO_TARGETS } from '#domain/providers/slo.ts';
import { toCsv } from '#lib/text/csv.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { parseBody, parsePath, parseQuery } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { aiModels, aiOperations, budgets, healthTests, usage } from '#wiring/providers.ts';

const models = aiModels(process.env);
const tests = healthTests(process.env);
const spend = usage(process.env);
const limits = budgets(process.env);
const operations = aiOperations(process.env);

export const handler = createHttpApi('aiOpsApi', {
  createAiModel: async (event) => {
    const { api_key, ...spec } = parseBody(event, aiModelCreateSchema);
    return ok({ model: await models.create(spec, api_key) }, 201);
  },
  listAiModels: async () => ok({ models: await models.list() }),
  updateAiModel: async (event) => {
    const { id } = parsePath(event, aiModelPathSchema);
    const { api_key, ...spec } = parseBody(event, aiModelUpdateSchema);
    return ok({ model: await models.update(id, spec, api_key) });
  },
  deleteAiModel: async (event) => {
    const { id } = parsePath(event, aiModelPathSchema);
    await models.remove(id);
    return ok({ name: id, deleted: true as const });
  },
  testAiModel: async (event) => {
    const { id } = parsePath(event, aiModelPathSchema);
    return ok({ result: await tests.run(id) });
  },
  getAiModelHealth: async (event) => {
    const { id } = parsePath(event, aiModelPathSchema);
    const { limit } = parseQuery(event, healthHistoryQuerySchema);
    return ok({ model: id, results: await tests.history(id, limit) });
  },
  getLlmUsageReport: async (event) => {
    const { days, format } = parseQuery(event, usageReportQuerySchema);
    const now = systemClock.now();
    const report = await spend.report(now - days * 86_400_000, now + 1);
    if (format === 'json') return ok(report);
    const rows = [
      ...report.by_model.map(({ key, ...g }) => ({ group: 'model', key, ...g })),
      ...report.by_department.map(({ key, ...g }) => ({ group: 'department', key, ...g })),
      ...report.by_hour.map(({ key, ...g }) => ({ group: 'hour_utc', key, ...g })),
    ];
    return {
      ...text('text/csv; charset=utf-8', toCsv(rows)),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="llm-usage-${days}d.csv"`,
      },
    };
  },
  listLlmPrices: async () => ok({ table: [...PRICE_TABLE], overrides: await spend.overrides() }),
  putLlmPrice: async (event) => ok({ overrides: await spend.setPrice(parseBody(event, priceSchema)) }),
  createBudget: async (event) => ok({ budget: await limits.create(parseBody(event, budgetSchema)) }, 201),
  listBudgets: async () => ok({ budgets: await limits.list() }),
  deleteBudget: async (event) => {
    const { budget_id } = parsePath(event, budgetPathSchema);
    await limits.remove(budget_id);
    return ok({ budget_id, deleted: true as const });
  },
  getLlmSlos: async (event) => {
    const { days } = parseQuery(event, sloQuerySchema);
    const reports = await operations.slos(days);
    return ok({
      days,
      targets: SLO_TARGETS,
      models: reports.map(({ alert_values: _a, ...r }) => r),
    });
  },
});
