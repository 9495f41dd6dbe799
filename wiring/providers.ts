import { DynamoAiModelStore } from '#adapters/dynamodb/ai-models.adapter.ts';
import { DynamoHealthStore } from '#adapters/dynamodb/ai-health.adapter.ts';
import { DynamoBudgetStore } from '#adapters/dynamodb/llm-budgets.adapter.ts';
import { DynamoUsageStore } from '#adapters/dynamodb/llm-usage.adapter.ts';
import { BedrockClient } from '#adapters/llm/bedrock.adapter.ts';
import { anthropicClient, googleClient, openAiCompatibleClient } from '#adapters/llm/http-providers.adapter.ts';
import { FileKeyVault } from '#adapters/secrets/file-vault.adapter.ts';
import { SecretsManagerKeyVault } from '#adapters/secrets/secrets-manager.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { createAiModels } from '#domain/providers/ai-models.ts';
import { createBreakers } from '#domain/providers/breaker.ts';
import { createBudgets } from '#domain/providers/budgets.ts';
import { createGateway } from '#domain/providers/gateway.ts';
import { createHealthTests } from '#domain/providers/health.ts';
import { createAiOperations } from '#domain/providers/operations.ts';
import type { GenAiTelemetry, KeyVault, ProviderAlerts, ProviderClient } from '#domain/providers/providers.ports.ts';
import { metrics, MetricUnit } from '#platform/observability/index.ts';
import { createUsage } from '#domain/providers/usage.ts';
import { bedrockRuntime, documents, secretsManager } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { alertManager } from './alerting.ts';
import { config, noticePublisher, randomIds, type Env } from './stores.ts';

/**
 * Composition roots of AI operations. The key vault is Secrets Manager in AWS and, for the local
 * stack (which sets LOCAL_KEY_VAULT_FILE), a file sealed with a key derived from its own secret.
 */
function keyVault(env: Env): KeyVault {
  const file = env[ENV.localKeyVaultFile];
  if (file !== undefined && file !== '') return new FileKeyVault(file, requireString(env, ENV.localKeyVaultSecretFile));
  return new SecretsManagerKeyVault(secretsManager(), requireString(env, ENV.keySecretPrefix));
}

let bedrock: BedrockClient | undefined;
/** The provider clients: OpenAI-compatible HTTP (OpenAI, Ollama, other hosts), Anthropic, Google, Bedrock. */
export function providerClients(): Record<string, ProviderClient> {
  bedrock ??= new BedrockClient(bedrockRuntime);
  return {
    openai: openAiCompatibleClient,
    openai_compatible: openAiCompatibleClient,
    ollama: openAiCompatibleClient,
    anthropic: anthropicClient,
    google: googleClient,
    bedrock,
  };
}

const stores = (env: Env) => ({
  models: new DynamoAiModelStore(documents(), requireString(env, ENV.aiModelsTable)),
  usage: new DynamoUsageStore(documents(), requireString(env, ENV.llmUsageTable)),
  budgets: new DynamoBudgetStore(documents(), requireString(env, ENV.llmBudgetsTable)),
});

export function aiModels(env: Env) {
  return createAiModels({ store: stores(env).models, vault: keyVault(env), clock: systemClock });
}

/** Budgets over the usage records; with `alerts`, budget alerts through the alert manager. */
export function budgets(env: Env, options: { readonly alerts?: boolean } = {}) {
  const s = stores(env);
  const alerts: ProviderAlerts | undefined = options.alerts === true ? alertManager(env) : undefined;
  return createBudgets({
    store: s.budgets,
    usage: s.usage,
    clock: systemClock,
    ids: randomIds,
    ...(alerts !== undefined ? { alerts } : {}),
  });
}

/** Usage and cost; with `budgets`, each batch re-sums (and alerts on) the budgets it touches. */
export function usage(env: Env, options: { readonly budgets?: boolean } = {}) {
  const b = options.budgets === true ? budgets(env, { alerts: true }) : undefined;
  return createUsage({
    store: stores(env).usage,
    config: config(env),
    clock: systemClock,
    ...(b !== undefined ? { onAdded: (records) => b.afterUsage(records) } : {}),
  });
}

/**
 * Provider calls as CloudWatch metrics named after OpenTelemetry's GenAI conventions (embedded
 * metric format through Powertools): tokens per `gen_ai.token.type`, and the call's duration,
 * each with `gen_ai.system` and `gen_ai.request.model` (and `error.type` when it failed).
 */
export const genAiMetrics: GenAiTelemetry = {
  record(call) {
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': call.system,
      'gen_ai.request.model': call.request_model,
    };
    for (const [type, count] of [
      ['input', call.input_tokens],
      ['output', call.output_tokens],
      ['cache_read', call.cache_read_tokens],
    ] as const) {
      if (count === 0) continue;
      const m = metrics.singleMetric();
      for (const [k, v] of Object.entries({ ...base, 'gen_ai.token.type': type })) m.addDimension(k, v);
      m.addMetric('gen_ai.client.token.usage', MetricUnit.Count, count);
    }
    const d = metrics.singleMetric();
    for (const [k, v] of Object.entries({
      ...base,
      ...(call.error_type !== undefined ? { 'error.type': call.error_type } : {}),
    }))
      d.addDimension(k, v);
    d.addMetric('gen_ai.client.operation.duration', MetricUnit.Seconds, call.duration);
  },
};

/** The breakers live as long as the container: each instance learns a provider's failures from its calls. */
const breakers = createBreakers();

export function gateway(env: Env) {
  const s = stores(env);
  return createGateway({
    models: aiModels(env),
    usage: usage(env),
    budgets: budgets(env),
    gates: s.budgets,
    clients: providerClients(),
    breakers,
    telemetry: genAiMetrics,
    clock: systemClock,
    ids: randomIds,
  });
}

export function healthTests(env: Env) {
  return createHealthTests({
    models: aiModels(env),
    usage: usage(env),
    store: new DynamoHealthStore(documents(), requireString(env, ENV.aiHealthTable)),
    clients: providerClients(),
    clock: systemClock,
  });
}

export function aiOperations(env: Env) {
  return createAiOperations({
    models: aiModels(env),
    usage: usage(env),
    budgets: budgets(env, { alerts: true }),
    health: healthTests(env),
    alerts: alertManager(env),
    clock: systemClock,
    publisher: noticePublisher(env),
    config: config(env),
    ids: randomIds,
  });
}
