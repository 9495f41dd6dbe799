import { stackForSuite } from '../support/local-stack.ts';

const CONFIG = '/api/v1/aiops/config';
const M = '/api/ai/monitoring';

describe('configuration as one document through the local stack', () => {
  const suite = stackForSuite();

  it('exports, dry-runs, imports as versions, rejects a bad document whole, round-trips YAML and restores', async () => {
    // Prepare
    const api = suite.api();
    const admin = await suite.token(['admin']);
    const operator = await suite.token(['operator']);
    const exported = (await api('GET', CONFIG, { token: operator })).body.config as Record<string, unknown>;

    // Act
    const changed = {
      thresholds: { accuracy_threshold: 0.82 },
      rules: [{ name: 'low_accuracy', metric: 'accuracy', comparison: '<', threshold: 0.6, severity: 'critical' }],
      silences: [
        {
          silence_id: 'maint-1',
          matchers: { model_name: 'churn' },
          starts_at: '2026-01-01T00:00:00Z',
          ends_at: '2099-01-01T00:00:00Z',
          comment: 'planned work',
          created_by: 'ops',
          created_at: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const dry = await api('PUT', `${CONFIG}?dry_run=true`, { token: admin, body: changed });
    const thresholdsAfterDry = (await api('GET', `${M}/thresholds`, { token: admin })).body.thresholds;
    const applied = await api('PUT', CONFIG, { token: admin, body: changed });
    const bad = await api('PUT', CONFIG, {
      token: admin,
      body: { thresholds: { accuracy_threshold: 0.5 }, retrain: { max_concurrent_tasks: 999 } },
    });
    const check = await api('POST', `${CONFIG}/validate`, { token: operator, body: { drift: { alpha: 7 } } });
    const asOperator = await api('PUT', CONFIG, { token: operator, body: changed });
    const yaml = await fetch(`${suite.url()}${CONFIG}?format=yaml`, { headers: { authorization: `Bearer ${admin}` } });
    const yamlText = await yaml.text();
    const roundTrip = await fetch(`${suite.url()}${CONFIG}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: yamlText,
    });
    const second = await api('PUT', CONFIG, {
      token: admin,
      body: { thresholds: { accuracy_threshold: 0.9 }, rules: null, silences: [] },
    });
    const restored = await api('POST', `${CONFIG}/versions/1/restore`, { token: admin });
    const versions = await api('GET', `${CONFIG}/versions`, { token: operator });
    const first = await api('GET', `${CONFIG}/versions/1`, { token: operator });
    const after = (await api('GET', CONFIG, { token: operator })).body.config as Record<string, unknown>;

    // Assess
    expect(exported).toMatchObject({ format_version: 1, rules: null, silences: [] });
    expect(exported).toHaveProperty('thresholds.accuracy_threshold', 0.7);
    expect(dry.body).toMatchObject({ applied: false, version: null });
    expect(dry.body.diff).toContainEqual({ path: 'thresholds.accuracy_threshold', from: 0.7, to: 0.82 });
    expect(thresholdsAfterDry).toMatchObject({ accuracy_threshold: 0.7 });
    expect(applied.body).toMatchObject({ applied: true, version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details).toContainEqual(expect.objectContaining({ path: 'retrain.max_concurrent_tasks' }));
    expect(check.body).toMatchObject({ valid: false, errors: [expect.objectContaining({ path: 'drift.alpha' })] });
    expect(asOperator.status).toBe(403);
    expect(yaml.headers.get('content-type')).toContain('yaml');
    expect(yamlText).toContain('accuracy_threshold: 0.82');
    expect(((await roundTrip.json()) as { applied: boolean }).applied).toBe(false);
    expect(second.body).toMatchObject({ applied: true, version: 2 });
    expect(restored.body).toMatchObject({ applied: true, version: 3 });
    expect(restored.body.diff).toContainEqual({ path: 'thresholds.accuracy_threshold', from: 0.9, to: 0.82 });
    expect(after).toMatchObject({ rules: [expect.objectContaining({ name: 'low_accuracy' })] });
    expect(after.silences).toEqual([expect.objectContaining({ silence_id: 'maint-1' })]);
    expect(after).toHaveProperty('thresholds.accuracy_threshold', 0.82);
    expect((versions.body.versions as { version: number; source: string }[]).map((v) => v.source)).toEqual([
      'restore of 1',
      'import',
      'import',
    ]);
    expect(first.body.version).toMatchObject({ version: 1, status: 'applied' });
  });
});
