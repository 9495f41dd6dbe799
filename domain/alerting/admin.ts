import { THRESHOLDS_DOC, type Thresholds } from '#domain/kernel/settings.ts';
import type { ConfigStore } from '#domain/kernel/config-docs.ts';
import { configDoc, readDoc, updateDoc } from '#domain/kernel/config-docs.ts';
import { ConflictError, NotFoundError, ValidationError } from '#domain/kernel/errors.ts';
import type { AlertHistory, AlertingStore } from './alerting.ports.ts';
import type { Clock, IdGenerator } from '#domain/kernel/time.ts';
import { defaultRules } from './rules.ts';
import {
  DEFAULT_ALERTING_SETTINGS,
  type AlertingSettings,
  type AlertInstance,
  type AlertRecord,
  type AlertRule,
  type Silence,
} from './types.ts';

export const RULES_KEY = 'alert_rules';
/** Dedup, repeat, escalation and mute windows (`PUT /alerting-settings`). */
export const ALERTING_DOC = configDoc('alerting', DEFAULT_ALERTING_SETTINGS);

export interface AlertAdminDeps {
  readonly store: AlertingStore;
  readonly history: AlertHistory;
  readonly config: ConfigStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface SilenceInput {
  readonly matchers: Silence['matchers'];
  readonly starts_at?: string;
  readonly ends_at: string;
  readonly comment: string;
}

/**
 * What operators manage in the alert manager: rules, silences, settings and acknowledgements.
 * Needs no publisher, so the API can use it without one; the evaluating manager adds that.
 */
export function createAlertAdmin(deps: AlertAdminDeps) {
  const { store, history, config, clock, ids } = deps;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** The stored rules, or (until customised) the thresholds' default rules; pass thresholds already read to skip a read. */
  async function rules(thresholds?: Thresholds): Promise<{ rules: AlertRule[]; customized: boolean }> {
    const doc = (await config.get(RULES_KEY)) as { rules?: AlertRule[] } | undefined;
    if (doc?.rules !== undefined) return { rules: doc.rules, customized: true };
    return { rules: defaultRules(thresholds ?? (await readDoc(config, THRESHOLDS_DOC))), customized: false };
  }

  /** Replaces the whole rule set (one document, so a set is never half-written). */
  async function putRules(next: AlertRule[]): Promise<AlertRule[]> {
    await config.put(RULES_KEY, { rules: next });
    return next;
  }

  async function silence(id: string): Promise<Silence> {
    const found = (await store.getSilences()).find((s) => s.silence_id === id);
    if (found === undefined) throw new NotFoundError(`silence '${id}' does not exist`);
    return found;
  }

  return {
    rules,
    settings: (): Promise<AlertingSettings> => readDoc(config, ALERTING_DOC),
    putSettings: (update: Partial<AlertingSettings>): Promise<AlertingSettings> =>
      updateDoc(config, ALERTING_DOC, update),

    /**
     * `PUT /alert-rules`: `rules` replaces the whole set; `rule` adds or replaces one by name,
     * keeping the others (the defaults, if none were stored).
     */
    async saveRules(input: {
      readonly rule?: AlertRule | undefined;
      readonly rules?: AlertRule[] | undefined;
    }): Promise<AlertRule[]> {
      if (input.rules !== undefined) return putRules(input.rules);
      const { rule } = input;
      if (rule === undefined)
        throw new ValidationError('give either rule or rules', {
          details: [{ path: '(body)', message: 'rule or rules is required' }],
        });
      return putRules([...(await rules()).rules.filter((r) => r.name !== rule.name), rule]);
    },

    async deleteRule(name: string): Promise<AlertRule[]> {
      const current = (await rules()).rules;
      if (!current.some((r) => r.name === name)) throw new NotFoundError(`alert rule '${name}' does not exist`);
      return putRules(current.filter((r) => r.name !== name));
    },

    silences: (): Promise<Silence[]> => store.getSilences(),

    async createSilence(input: SilenceInput, by: string): Promise<Silence> {
      const now = iso(clock.now());
      const created: Silence = {
        silence_id: ids.next('silence'),
        matchers: input.matchers,
        starts_at: input.starts_at ?? now,
        ends_at: input.ends_at,
        comment: input.comment,
        created_by: by,
        created_at: now,
      };
      await store.putSilence(created);
      return created;
    },

    async updateSilence(id: string, input: SilenceInput): Promise<Silence> {
      const existing = await silence(id);
      const updated: Silence = {
        ...existing,
        matchers: input.matchers,
        starts_at: input.starts_at ?? existing.starts_at,
        ends_at: input.ends_at,
        comment: input.comment,
      };
      await store.putSilence(updated);
      return updated;
    },

    async deleteSilence(id: string): Promise<void> {
      if (!(await store.deleteSilence(id))) throw new NotFoundError(`silence '${id}' does not exist`);
    },

    /** Acknowledges an alert: it stops repeating and escalating. */
    async acknowledge(alertId: string, by: string): Promise<AlertRecord> {
      const record = await history.get(alertId);
      if (record === undefined) throw new NotFoundError(`alert '${alertId}' is not known`);
      if (record.state === 'resolved') throw new ConflictError(`alert '${alertId}' is already resolved`);
      const instance = (await store.getInstances(record.model_name)).find((i) => i.alert_id === alertId);
      if (instance === undefined) throw new ConflictError(`alert '${alertId}' is no longer active`);
      if (instance.acked_at !== undefined) return record;
      const now = clock.now();
      const acked: AlertInstance = { ...instance, acked_at: iso(now), acked_by: by, version: instance.version + 1 };
      if (!(await store.putInstance(acked, instance.version)))
        throw new ConflictError(`alert '${alertId}' changed meanwhile; retry`);
      const updated: AlertRecord = { ...record, acked_at: iso(now), acked_by: by, updated_at: iso(now) };
      await history.put(updated);
      return updated;
    },
  };
}

export type AlertAdmin = ReturnType<typeof createAlertAdmin>;
