import { DynamoAuditStore } from '#adapters/dynamodb/audit.adapter.ts';
import { DynamoAnomalyStore } from '#adapters/dynamodb/anomalies.adapter.ts';
import { StoreSignals } from '#adapters/dynamodb/incident-signals.adapter.ts';
import { DynamoIncidentStore } from '#adapters/dynamodb/incidents.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { CONTROL_CHAIN } from '#domain/audit/service.ts';
import { configDoc, readDoc, type ConfigStore } from '#domain/kernel/config-docs.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { createIncidents } from '#domain/incidents/incidents.ts';
import { documents } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { aiModels, gateway } from './providers.ts';
import { ConflictError } from '#domain/kernel/errors.ts';
import { alertHistory, config, randomIds, type Env } from './stores.ts';

/**
 * Which registered AI model writes incident narratives. Null: the deployment's default (in AWS a
 * Bedrock model, registered as `insight-narrator` on first use; locally none, so the deterministic
 * insight stands alone).
 */
export const INCIDENT_SETTINGS_DOC = configDoc<{ insight_model: string | null }>('incidents', { insight_model: null });

export async function incidentSettings(store: ConfigStore) {
  return readDoc(store, INCIDENT_SETTINGS_DOC);
}

/** The registered model the AWS deployment narrates with when none is chosen: Bedrock, registered on first use. */
export const DEFAULT_NARRATOR = 'insight-narrator';

/** Registered once per container. */
let narratorRegistered = false;

async function defaultNarrator(env: Env): Promise<string | undefined> {
  const modelId = env[ENV.insightDefaultModel];
  if (modelId === undefined || modelId === '') return undefined;
  if (narratorRegistered) return DEFAULT_NARRATOR;
  const models = aiModels(env);
  await models
    .create({
      name: DEFAULT_NARRATOR,
      provider: 'bedrock',
      model_id: modelId,
      params: { temperature: 0, max_tokens: 600, top_p: 1, frequency_penalty: 0 },
      department: 'platform',
    })
    .catch((error: unknown) => {
      // Registered before (by this or a concurrent request): use it as it is.
      if (!(error instanceof ConflictError)) throw error;
    });
  narratorRegistered = true;
  return DEFAULT_NARRATOR;
}

/**
 * Composition root of incidents: their table, the evidence (alert history, service anomalies,
 * the audit log, retrain notices) and, with `narratives`, the generation gateway as narrator.
 */
export function incidents(env: Env, options: { readonly narratives?: boolean } = {}) {
  const settings = config(env);
  const generation = options.narratives === true ? gateway(env) : undefined;
  return createIncidents({
    store: new DynamoIncidentStore(documents(), requireString(env, ENV.incidentsTable)),
    signals: new StoreSignals(
      alertHistory(env),
      new DynamoAnomalyStore(documents(), requireString(env, ENV.anomaliesTable)),
      new DynamoAuditStore(documents(), requireString(env, ENV.auditTable)),
      CONTROL_CHAIN,
    ),
    clock: systemClock,
    ids: randomIds,
    ...(generation !== undefined
      ? {
          narrator: async () => {
            const chosen = (await incidentSettings(settings)).insight_model;
            const insight_model = chosen ?? (await defaultNarrator(env));
            if (insight_model === undefined) return undefined;
            return {
              name: insight_model,
              narrator: {
                narrate: async (prompt: string) =>
                  (
                    await generation.generate(
                      { prompt, model: insight_model, params: { temperature: 0 } },
                      { user: 'incident-insight' },
                    )
                  ).text,
              },
            };
          },
        }
      : {}),
  });
}
