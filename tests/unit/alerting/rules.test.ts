import { DEFAULT_THRESHOLDS } from '#domain/kernel/settings.ts';
import { defaultRules, parseCondition, parseDuration } from '#domain/alerting/rules.ts';
import { rulesFromYaml, rulesToYaml } from '#domain/alerting/rules-yaml.ts';
import { ValidationError } from '#domain/kernel/errors.ts';

describe('alert rule conditions', () => {
  it('parses conditions with units and aliases', () => {
    expect(parseCondition('avg_response_time > 3000ms')).toEqual({
      metric: 'response_time',
      comparison: '>',
      threshold: 3,
    });
    expect(parseCondition('accuracy<0.7')).toEqual({ metric: 'accuracy', comparison: '<', threshold: 0.7 });
    expect(parseCondition('error_rate >= 5%')).toEqual({ metric: 'error_rate', comparison: '>=', threshold: 0.05 });
    expect(parseCondition('error_rate == 0')).toEqual({ metric: 'error_rate', comparison: '==', threshold: 0 });
    expect(parseCondition('drift_score != 0')).toEqual({ metric: 'drift_score', comparison: '!=', threshold: 0 });
    // The manual's `service_health == 0` parses now; its metric comes with service monitoring.
    expect(() => parseCondition('service_health == 0')).toThrow(/unknown metric "service_health"/);
    expect(() => parseCondition('accuracy =< 0.7')).toThrow(/condition must look like/);
    expect(() => parseCondition('cpu > 3')).toThrow(/unknown metric "cpu"/);
  });

  it('parses durations', () => {
    expect([parseDuration('90s'), parseDuration('5m'), parseDuration('1h'), parseDuration(30)]).toEqual([
      90, 300, 3600, 30,
    ]);
    expect(() => parseDuration('soon')).toThrow();
  });
});

describe('alert_rules YAML', () => {
  const yaml = `alert_rules:
  - name: "API Response Time High"
    condition: "avg_response_time > 3000ms"
    duration: "5m"
    severity: "warning"
    actions:
      - email: admin@company.com
      - slack: "#alerts"
  - name: fraud accuracy
    condition: accuracy < 0.8
    severity: critical
    labels: { model_name: fraud_detector }
`;

  it('round-trips every default rule through YAML, the service, forecast and probe ones included', () => {
    const rules = defaultRules(DEFAULT_THRESHOLDS);
    expect(rulesFromYaml(rulesToYaml(rules))).toEqual(rules);
  });

  it('keeps a recovery threshold through YAML and refuses one that is not a number', () => {
    const rules = rulesFromYaml(
      'alert_rules:\n  - name: sustained\n    condition: anomaly_fraction >= 0.3\n    recover_threshold: 0.1\n    severity: warning\n',
    );
    expect(rules[0]?.recover_threshold).toBe(0.1);
    expect(rulesFromYaml(rulesToYaml(rules))).toEqual(rules);
    expect(() =>
      rulesFromYaml(
        'alert_rules:\n  - name: x\n    condition: anomaly_fraction >= 0.3\n    recover_threshold: soon\n    severity: warning\n',
      ),
    ).toThrow(/alert_rules.0.recover_threshold: a number/);
  });

  it('imports the operations manual shape and exports it back', () => {
    // Act
    const rules = rulesFromYaml(yaml);
    const again = rulesFromYaml(rulesToYaml(rules));

    // Assess
    expect(rules[0]).toEqual({
      name: 'API Response Time High',
      metric: 'response_time',
      comparison: '>',
      threshold: 3,
      for_seconds: 300,
      severity: 'warning',
      labels: {},
      actions: [
        { type: 'email', target: 'admin@company.com' },
        { type: 'slack', target: '#alerts' },
      ],
      enabled: true,
    });
    expect(rules[1]?.labels).toEqual({ model_name: 'fraud_detector' });
    expect(again).toEqual(rules);
  });

  it('reports every problem with its path and accepts nothing from a bad document', () => {
    // Act
    const attempt = () =>
      rulesFromYaml(`alert_rules:
  - name: ok
    condition: accuracy < 0.7
    severity: critical
  - name: bad
    condition: cpu > 90
    duration: soon
    severity: urgent
  - name: ok
    condition: accuracy < 0.6
    severity: warning
`);

    // Assess
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(
      expect.objectContaining({
        details: [
          { path: 'alert_rules.1.condition', message: expect.stringContaining('unknown metric') as string },
          { path: 'alert_rules.1.duration', message: expect.any(String) as string },
          { path: 'alert_rules.1.severity', message: 'one of critical, warning, info' },
          { path: 'alert_rules.2.name', message: 'duplicate rule name "ok"' },
        ],
      }) as Error,
    );
  });

  it('rejects text that is not YAML or has no alert_rules list', () => {
    expect(() => rulesFromYaml('alert_rules: [unclosed')).toThrow(/invalid YAML/);
    expect(() => rulesFromYaml('rules: []')).toThrow(/alert_rules/);
  });

  it('turns the default thresholds into ten model rules, beside the service, forecast and probe rules', () => {
    const rules = defaultRules(DEFAULT_THRESHOLDS);
    expect(rules).toHaveLength(25);
    expect(
      rules
        .filter((r) =>
          [
            'anomaly_score',
            'anomaly_fraction',
            'probe_failing',
            'tls_days_left',
            'hours_to_breach',
            'insufficient_data',
          ].includes(r.metric),
        )
        .map((r) => [r.name, r.comparison, r.threshold, r.severity]),
    ).toEqual([
      ['service_anomaly_high', '>=', 0.8, 'critical'],
      ['service_anomaly_medium', '>=', 0.6, 'warning'],
      ['service_anomalies_sustained', '>=', 0.3, 'warning'],
      ['probe_down', '>=', 1, 'critical'],
      ['forecast_breach', '<', 24, 'warning'],
      ['insufficient_data', '>=', 1, 'info'],
      ['certificate_expiring', '<', 14, 'warning'],
    ]);
  });
});
