import type { Role } from '#catalog/routes.ts';
import {
  apiClient,
  eventually,
  newDataDir,
  roleTokens,
  startStack,
  type RunningStack,
} from '../support/local-stack.ts';
import { mulberry32 } from '../support/random.ts';

const M = '/api/ai/monitoring';
let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
const tokens = {} as Record<Role, string>;
const rand = mulberry32(21);
const x = () => Math.round((rand() * 6 - 3) * 1000) / 1000;

beforeAll(async () => {
  stack = await startStack(newDataDir(), ['--scan-interval', '2']);
  api = apiClient(stack.url);
  Object.assign(tokens, await roleTokens(stack.dataDir));
});

afterAll(async () => {
  await stack.stop();
});

describe('registry and retraining: bad input', () => {
  it('answers 404 for a manual retrain of an unknown model and for a rollback to a missing version', async () => {
    await api('PUT', '/api/ai/models/known', { token: tokens.admin, body: { task: 'regression' } });
    expect(
      (await api('POST', '/api/ai/retrain/manual', { token: tokens.operator, body: { model_name: 'ghost' } })).status,
    ).toBe(404);
    expect(
      (await api('POST', '/api/ai/models/known/rollback', { token: tokens.operator, body: { version: 'v_nope' } }))
        .status,
    ).toBe(404);
    expect(
      (await api('POST', '/api/ai/models/ghost/rollback', { token: tokens.operator, body: { version: 'v1' } })).status,
    ).toBe(404);
    expect((await api('GET', '/api/ai/models/ghost', { token: tokens.viewer })).status).toBe(404);
  });

  it('rejects out-of-range retrain config and model config with the field, and viewers may not trigger', async () => {
    const zero = await api('PUT', '/api/ai/retrain/config', { token: tokens.admin, body: { max_concurrent_tasks: 0 } });
    const margin = await api('PUT', '/api/ai/retrain/config', { token: tokens.admin, body: { improvement_margin: 2 } });
    const depth = await api('PUT', '/api/ai/models/known', {
      token: tokens.admin,
      body: { hyperparameters: { max_depth: 100 } },
    });
    const task = await api('PUT', '/api/ai/models/known', { token: tokens.admin, body: { task: 'classification' } });
    const viewer = await api('POST', '/api/ai/retrain/manual', { token: tokens.viewer, body: { model_name: 'known' } });
    expect(zero.status).toBe(400);
    expect(zero.body.error?.details?.[0]?.path).toBe('max_concurrent_tasks');
    expect(margin.body.error?.details?.[0]?.path).toBe('improvement_margin');
    expect(depth.body.error?.details?.[0]?.path).toBe('hyperparameters.max_depth');
    expect(task.status).toBe(409);
    expect(viewer.status).toBe(403);
  });

  it("accepts the seed's retrain settings with model_configs, and writes nothing when a named model is unknown", async () => {
    await api('PUT', '/api/ai/models/sales_forecast', { token: tokens.admin, body: { task: 'regression' } });
    const seed = {
      auto_retrain_enabled: true,
      max_concurrent_tasks: 2,
      retrain_interval_hours: 24,
      backup_models: true,
      performance_threshold: 0.7,
      drift_threshold: 0.2,
      model_configs: {
        sales_forecast: {
          algorithm: 'gradient_boosting',
          hyperparameters: { n_estimators: 100, learning_rate: 0.1, max_depth: 5 },
        },
      },
    };
    const accepted = await api('PUT', '/api/ai/retrain/config', { token: tokens.admin, body: seed });
    const unknown = await api('PUT', '/api/ai/retrain/config', {
      token: tokens.admin,
      body: {
        model_configs: { sales_forecast: { algorithm: 'random_forest' }, ghost: { algorithm: 'random_forest' } },
      },
    });
    const model = await api('GET', '/api/ai/models/sales_forecast', { token: tokens.viewer });
    expect(accepted.status).toBe(200);
    expect(accepted.body.model_configs).toMatchObject({
      sales_forecast: {
        algorithm: 'gradient_boosting',
        hyperparameters: { n_estimators: 100, learning_rate: 0.1, max_depth: 5 },
      },
    });
    expect(unknown.status).toBe(404);
    expect((model.body.model as { config: { algorithm: string } }).config.algorithm).toBe('gradient_boosting');
  });

  it('refuses to predict with a model that has no deployed version', async () => {
    const res = await api('POST', '/api/ai/models/known/predict', {
      token: tokens.ingest,
      body: { input_features: { a: 1 } },
    });
    expect(res.status).toBe(409);
  });
});

describe('the MLOps loop', () => {
  it('trains a first champion, degrades under concept drift, retrains on drift, deploys the better version and returns to healthy', async () => {
    // Prepare: a classifier whose label is x > 0, logged by its client with outcomes
    await api('PUT', `${M}/thresholds`, {
      token: tokens.admin,
      body: { min_samples: 20, evaluation_window_minutes: 5 },
    });
    const created = await api('PUT', '/api/ai/models/loop', {
      token: tokens.admin,
      body: {
        task: 'classification',
        min_samples: 60,
        training_rows: 250,
        hyperparameters: { n_estimators: 25, max_depth: 6 },
      },
    });
    expect(created.status).toBe(200);
    const phaseA = Array.from({ length: 150 }, (_, i) => {
      const v = x();
      const label = v > 0 ? 'a' : 'b';
      return { id: `loop-a-${i}`, v, label, prediction: rand() < 0.9 ? label : label === 'a' ? 'b' : 'a' };
    });
    await api('POST', `${M}/log-predictions`, {
      token: tokens.ingest,
      body: {
        predictions: phaseA.map((p) => ({
          model_name: 'loop',
          prediction_id: p.id,
          prediction_data: { input_features: { x: p.v, noise: rand() } },
          result: { prediction: p.prediction, confidence: 0.9, response_time: 0.02 },
        })),
      },
    });
    for (const p of phaseA)
      await api('POST', `${M}/update-result`, {
        token: tokens.ingest,
        body: { prediction_id: p.id, actual_result: { label: p.label } },
      });

    // Act 1: a manual retrain makes the first champion
    const manual = await api('POST', '/api/ai/retrain/manual', {
      token: tokens.operator,
      body: { model_name: 'loop' },
    });
    expect(manual.status).toBe(202);
    const v1 = await eventually(async () => {
      const m = await api('GET', '/api/ai/models/loop', { token: tokens.viewer });
      return (m.body.model as { champion_version: string | null }).champion_version ?? undefined;
    }, 30_000);

    // Act 2: the world changes (label is now x > 2.5); the platform serves v1 through /predict
    const servePhase = async (n: number, threshold: number, tag: string) => {
      const ids: { id: string; label: string }[] = [];
      for (let i = 0; i < n; i++) {
        const v = x();
        const res = await api('POST', '/api/ai/models/loop/predict', {
          token: tokens.ingest,
          body: { input_features: { x: v, noise: rand() } },
        });
        expect(res.status, `${tag} predict`).toBe(200);
        ids.push({ id: String(res.body.prediction_id), label: v > threshold ? 'a' : 'b' });
      }
      for (const p of ids)
        await api('POST', `${M}/update-result`, {
          token: tokens.ingest,
          body: { prediction_id: p.id, actual_result: { label: p.label } },
        });
    };
    // Outcomes arrive over a while; drift is allowed to act once they are in (so one retrain sees them all).
    await api('PUT', '/api/ai/retrain/config', { token: tokens.admin, body: { auto_retrain_enabled: false } });
    await servePhase(300, 2.5, 'drifted');
    await api('PUT', '/api/ai/retrain/config', { token: tokens.admin, body: { auto_retrain_enabled: true } });

    // Assess: drift asked for a retrain, the workflow deployed a better version and finished the
    // run (Deploy moves the champion a step before Finish records the task).
    const v2 = await eventually(async () => {
      const m = await api('GET', '/api/ai/models/loop', { token: tokens.viewer });
      const champion = (m.body.model as { champion_version: string | null }).champion_version;
      const running = (await api('GET', '/api/ai/retrain/status', { token: tokens.viewer })).body.active_tasks;
      return champion !== null && champion !== v1 && running === 0 ? champion : undefined;
    }, 45_000);
    const status = await api('GET', '/api/ai/retrain/status', { token: tokens.viewer });
    const recent = status.body.recent_completed as {
      model_name: string;
      status: string;
      result: { success: boolean; deployed: boolean; accuracy: number | null; training_samples: number | null };
    }[];
    expect(status.body).toMatchObject({
      success: true,
      active_tasks: 0,
      config: { max_concurrent_tasks: 2, auto_retrain_enabled: true },
    });
    expect(recent.filter((t) => t.model_name === 'loop').length).toBeGreaterThanOrEqual(2);
    const versions = await api('GET', '/api/ai/models/loop/versions', { token: tokens.viewer });
    const list = versions.body.versions as {
      version: string;
      status: string;
      metrics: { score: number };
      training_samples: number;
    }[];
    expect(list.find((v) => v.version === v2)).toMatchObject({ status: 'champion' });
    expect(list.find((v) => v.version === v1)).toMatchObject({ status: 'archived' });
    // The degradation was seen: v1's accuracy fell past the critical threshold while it served.
    const alerts = await api('GET', `${M}/alerts?model_name=loop`, { token: tokens.viewer });
    expect(alerts.body.alerts).toContainEqual(
      expect.objectContaining({ rule: 'accuracy_low_critical', severity: 'critical' }),
    );

    // Act 3: v2 serves the new world; the model is healthy again
    await servePhase(60, 2.5, 'recovered');
    const healthy = await eventually(async () => {
      const res = await api('GET', `${M}/performance?model_name=loop`, { token: tokens.viewer });
      const perf = res.body.performance as { status: string; accuracy: number };
      return perf.status === 'healthy' ? perf : undefined;
    });
    expect(healthy.accuracy).toBeGreaterThan(0.8);

    // A manual rollback moves the champion back to v1.
    const rolled = await api('POST', '/api/ai/models/loop/rollback', { token: tokens.admin, body: { version: v1 } });
    expect(rolled.body).toMatchObject({ champion_version: v1, previous_champion_version: v2 });
  }, 120_000);
});
