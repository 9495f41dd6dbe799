import { DynamoAlertingStore } from '#adapters/dynamodb/alerting.adapter.ts';
import { ENV } from '#catalog/env.ts';
import { ALERTING_DOC, RULES_KEY } from '#domain/alerting/admin.ts';
import type { AlertRule, Silence } from '#domain/alerting/types.ts';
import type { ConfigSection } from '#domain/configuration/configuration.ports.ts';
import { createConfiguration } from '#domain/configuration/service.ts';
import { DRIFT_DOC } from '#domain/drift/service.ts';
import { SERVICES_DOC } from '#domain/services/service.ts';
import { docOver, readDoc, type ConfigDoc, type ConfigStore } from '#domain/kernel/config-docs.ts';
import { RETRAIN_DOC, SETTINGS_DOC, THRESHOLDS_DOC } from '#domain/kernel/settings.ts';
import { systemClock } from '#domain/kernel/time.ts';
import { documents } from '#platform/aws/clients.ts';
import { requireString } from '#platform/config.ts';
import { config, randomIds, type Env } from './stores.ts';

/** A settings document as a section: written whole, read over its defaults. */
function docSection<T extends object>(name: string, store: ConfigStore, doc: ConfigDoc<T>): ConfigSection {
  return {
    name,
    read: () => readDoc(store, doc),
    effective: (value) => Promise.resolve(docOver(doc, value as object)),
    write: (value) => store.put(doc.key, { ...(value as Record<string, unknown>) }),
  };
}

/** Composition root of the configuration manager: one section per settings document, the rules and the silences. */
export function configuration(env: Env) {
  const store = config(env);
  const alerting = new DynamoAlertingStore(documents(), requireString(env, ENV.alertingTable));
  const now = () => new Date(systemClock.now()).toISOString();
  const live = (list: readonly Silence[]) =>
    list.filter((s) => s.ends_at > now()).sort((a, b) => a.silence_id.localeCompare(b.silence_id));
  const rules: ConfigSection = {
    name: 'rules',
    read: async () => ((await store.get(RULES_KEY)) as { rules?: AlertRule[] } | undefined)?.rules ?? null,
    effective: (value) => Promise.resolve(value),
    // null: back to the default rules (derived from the thresholds), as before any PUT /alert-rules.
    write: (value) => (value === null ? store.put(RULES_KEY, {}) : store.put(RULES_KEY, { rules: value })),
  };
  const silences: ConfigSection = {
    name: 'silences',
    read: async () => live(await alerting.getSilences()),
    effective: (value) => Promise.resolve(live(value as Silence[])),
    async write(value) {
      const wanted = live(value as Silence[]);
      const keep = new Set(wanted.map((s) => s.silence_id));
      for (const s of await alerting.getSilences())
        if (!keep.has(s.silence_id)) await alerting.deleteSilence(s.silence_id);
      for (const s of wanted) await alerting.putSilence(s);
    },
  };
  return createConfiguration({
    sections: [
      docSection('thresholds', store, THRESHOLDS_DOC),
      docSection('monitoring', store, SETTINGS_DOC),
      docSection('alerting', store, ALERTING_DOC),
      docSection('drift', store, DRIFT_DOC),
      docSection('retrain', store, RETRAIN_DOC),
      docSection('services', store, SERVICES_DOC),
      rules,
      silences,
    ],
    store,
    clock: systemClock,
    ids: randomIds,
  });
}
