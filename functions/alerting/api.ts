import { rulesFromYaml, rulesToYaml } from '#shared/alerting/rules-yaml.ts';
import { ALERTING_DOC, RULES_KEY } from '#shared/alerting/manager.ts';
import { updateDoc } from '#shared/config-docs.ts';
import type { AlertRule, Silence } from '#shared/alerting/types.ts';
import { createClients } from '#shared/aws/clients.ts';
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
} from '#shared/contracts/alerting.schema.ts';
import { NotFoundError } from '#shared/errors.ts';
import { createHttpApi } from '#shared/http/api.ts';
import { callerOf, isYaml, parseBody, parsePath, parseQuery, rawBody } from '#shared/http/parse.ts';
import { ok } from '#shared/http/response.ts';
import { DynamoAlertingStore } from '#shared/adapters/dynamodb/alerting.adapter.ts';
import { alertHistoryFromEnv, alertManagerFromEnv, configStoreFromEnv, randomIds } from '#shared/wiring.ts';
import { requireString } from '#shared/config.ts';
import { ENV } from '#shared/env.ts';

const clients = createClients();
const manager = alertManagerFromEnv(process.env, clients, { publish: false });
const history = alertHistoryFromEnv(process.env, clients);
const config = configStoreFromEnv(process.env, clients);
const store = new DynamoAlertingStore(clients.documents, requireString(process.env, ENV.alertingTable));
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
      return ok({ alert: await manager.acknowledge(id, callerOf(event)) });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      const { format } = parseQuery(event, rulesFormatQuerySchema);
      const { rules, customized } = await manager.rules();
      if (format === 'yaml') return { statusCode: 200, headers: { 'content-type': 'application/yaml; charset=utf-8' }, body: rulesToYaml(rules) };
      return ok({ customized, rules });
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      let next: AlertRule[];
      if (isYaml(event)) next = rulesFromYaml(rawBody(event));
      else {
        const { rule, rules } = parseBody(event, putRulesSchema);
        if (rules !== undefined) next = rules;
        else if (rule !== undefined) next = [...(await manager.rules()).rules.filter((r) => r.name !== rule.name), rule];
        else next = [];
      }
      await config.put(RULES_KEY, { rules: next });
      return ok({ customized: true, rules: next });
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/alert-rules`,
    handler: async (event) => {
      const { name } = parseQuery(event, ruleNameQuerySchema);
      const current = (await manager.rules()).rules;
      if (!current.some((r) => r.name === name)) throw new NotFoundError(`alert rule '${name}' does not exist`);
      const next = current.filter((r) => r.name !== name);
      await config.put(RULES_KEY, { rules: next });
      return ok({ deleted: name, rules: next });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/silences`,
    handler: async () => ok({ silences: await store.getSilences() }),
  },
  {
    method: 'POST',
    path: `${BASE}/silences`,
    handler: async (event) => {
      const input = parseBody(event, silenceSchema);
      const now = new Date().toISOString();
      const silence: Silence = {
        silence_id: randomIds.next('silence'),
        matchers: input.matchers,
        starts_at: input.starts_at ?? now,
        ends_at: input.ends_at,
        comment: input.comment,
        created_by: callerOf(event),
        created_at: now,
      };
      await store.putSilence(silence);
      return ok({ silence }, 201);
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/silences/{id}`,
    handler: async (event) => {
      const { id } = parsePath(event, silenceIdParamsSchema);
      const input = parseBody(event, silenceSchema);
      const existing = (await store.getSilences()).find((s) => s.silence_id === id);
      if (existing === undefined) throw new NotFoundError(`silence '${id}' does not exist`);
      const silence: Silence = { ...existing, matchers: input.matchers, starts_at: input.starts_at ?? existing.starts_at, ends_at: input.ends_at, comment: input.comment };
      await store.putSilence(silence);
      return ok({ silence });
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/silences/{id}`,
    handler: async (event) => {
      const { id } = parsePath(event, silenceIdParamsSchema);
      if (!(await store.deleteSilence(id))) throw new NotFoundError(`silence '${id}' does not exist`);
      return ok({ deleted: id });
    },
  },
  {
    method: 'GET',
    path: `${BASE}/alerting-settings`,
    handler: async () => ok({ settings: await manager.settings() }),
  },
  {
    method: 'PUT',
    path: `${BASE}/alerting-settings`,
    handler: async (event) => ok({ settings: await updateDoc(config, ALERTING_DOC, parseBody(event, alertingSettingsSchema)) }),
  },
  {
    method: 'GET',
    path: `${BASE}/notifications`,
    handler: async (event) => ok({ notifications: await history.listNotices(parseQuery(event, noticesQuerySchema)) }),
  },
]);
