import { scopeFields, serviceScope } from '#domain/kernel/notice.ts';
import type { AlertRecord } from '#domain/alerting/types.ts';
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
import { rulesFromYaml, rulesToYaml } from '#domain/alerting/rules-yaml.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { auditLog } from '#wiring/audit.ts';
import { callerOf, isYaml, parseBody, parsePath, parseQuery, rawBody } from '#platform/http/parse.ts';
import { ok, text } from '#platform/http/response.ts';
import { alertAdmin, alertHistory } from '#wiring/alerting.ts';

const admin = alertAdmin(process.env);
const history = alertHistory(process.env);

/** An alert record with what its scope names (a model, a service or a probe). */
const withScope = (a: AlertRecord) => ({ ...a, ...scopeFields(a.model_name) });

export const handler = createHttpApi(
  'alertingApi',
  {
    listAlerts: async (event) => {
      const { service, ...query } = parseQuery(event, alertsQuerySchema);
      const alerts = await history.list({
        ...query,
        ...(service !== undefined ? { model_name: serviceScope(service) } : {}),
      });
      return ok({ alerts: alerts.map(withScope) });
    },
    ackAlert: async (event) => {
      const { id } = parsePath(event, alertIdParamsSchema);
      if (event.body !== undefined && event.body !== '') parseBody(event, ackSchema);
      return ok({ alert: withScope(await admin.acknowledge(id, callerOf(event))) });
    },
    getAlertRules: async (event) => {
      const { format } = parseQuery(event, rulesFormatQuerySchema);
      const { rules, customized } = await admin.rules();
      if (format === 'yaml') return text('application/yaml; charset=utf-8', rulesToYaml(rules));
      return ok({ customized, rules });
    },
    putAlertRules: async (event) => {
      const input = isYaml(event) ? { rules: rulesFromYaml(rawBody(event)) } : parseBody(event, putRulesSchema);
      return ok({ customized: true, rules: await admin.saveRules(input) });
    },
    deleteAlertRule: async (event) => {
      const { name } = parseQuery(event, ruleNameQuerySchema);
      return ok({ deleted: name, rules: await admin.deleteRule(name) });
    },
    listSilences: async () => ok({ silences: await admin.silences() }),
    createSilence: async (event) =>
      ok({ silence: await admin.createSilence(parseBody(event, silenceSchema), callerOf(event)) }, 201),
    updateSilence: async (event) =>
      ok({
        silence: await admin.updateSilence(parsePath(event, silenceIdParamsSchema).id, parseBody(event, silenceSchema)),
      }),
    deleteSilence: async (event) => {
      const { id } = parsePath(event, silenceIdParamsSchema);
      await admin.deleteSilence(id);
      return ok({ deleted: id });
    },
    getAlertingSettings: async () => ok({ settings: await admin.settings() }),
    putAlertingSettings: async (event) =>
      ok({ settings: await admin.putSettings(parseBody(event, alertingSettingsSchema)) }),
    listNotifications: async (event) =>
      ok({ notifications: await history.listNotices(parseQuery(event, noticesQuerySchema)) }),
  },
  { audit: auditLog(process.env) },
);
