import { rulesFromYaml, rulesToYaml } from '#domain/alerting/rules-yaml.ts';
import {
  ackSchema,
  alertIdParamsSchema,
  alertingSettingsSchema,
  alertsQuerySchema,
  noticesQuerySchema,
  putRulesSchema,
  ruleNameQuerySchema,
  rulesFormatQuerySchema,
  silenceIdParamsSchema,
  silenceSchema,
} from '#contracts/alerting.schema.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { callerOf, isYaml, parseBody, parsePath, parseQuery, rawBody } from '#platform/http/parse.ts';
import { ok } from '#platform/http/response.ts';
import { alertAdmin, alertHistory } from '#wiring/alerting.ts';

const admin = alertAdmin(process.env);
const history = alertHistory(process.env);
const BASE = '/api/ai/monitoring';

export const handler = createHttpApi([
  {
    method: 'GET',
    path: `${BASE}/alerts`,
    handler: async (event) => ok({ alerts: await history.list(parseQuery(event, alertsQuerySchema)) }),
  },
  {
    method: 'POST',
    path: `${BASE}/alerts/{id}/ack`,
    handler: async (event) => {
      const { id } = parsePath(event, alertIdParamsSchema);
      if (event.body !== undefined && event.body !== '') parseBody(event, ackSchema);
      return ok({ alert: await admin.acknowledge(id, callerOf(event)) });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      const { format } = parseQuery(event, rulesFormatQuerySchema);
      const { rules, customized } = await admin.rules();
      if (format === 'yaml')
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/yaml; charset=utf-8' },
          body: rulesToYaml(rules),
        };
      return ok({ customized, rules });
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      const input = isYaml(event) ? { rules: rulesFromYaml(rawBody(event)) } : parseBody(event, putRulesSchema);
      return ok({ customized: true, rules: await admin.saveRules(input) });
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      const { name } = parseQuery(event, ruleNameQuerySchema);
      return ok({ deleted: name, rules: await admin.deleteRule(name) });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/silences`,
    handler: async () => ok({ silences: await admin.silences() }),
  },
  {
    method: 'POST',
    path: `${BASE}/silences`,
    handler: async (event) =>
      ok({ silence: await admin.createSilence(parseBody(event, silenceSchema), callerOf(event)) }, 201),
  },
  {
    method: 'PUT',
    path: `${BASE}/silences/{id}`,
    handler: async (event) =>
      ok({
        silence: await admin.updateSilence(parsePath(event, silenceIdParamsSchema).id, parseBody(event, silenceSchema)),
      }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/silences/{id}`,
    handler: async (event) => {
      const { id } = parsePath(event, silenceIdParamsSchema);
      await admin.deleteSilence(id);
      return ok({ deleted: id });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/alerting-settings`,
    handler: async () => ok({ settings: await admin.settings() }),
  },
  {
    method: 'PUT',
    path: `${BASE}/alerting-settings`,
    handler: async (event) => ok({ settings: await admin.putSettings(parseBody(event, alertingSettingsSchema)) }),
  },
  {
    method: 'GET',
    path: `${BASE}/notifications`,
    handler: async (event) => ok({ notifications: await history.listNotices(parseQuery(event, noticesQuerySchema)) }),
  },
]);
