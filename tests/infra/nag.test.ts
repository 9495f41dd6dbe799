import { App } from 'aws-cdk-lib';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '#infra/build-app.ts';

interface PluginReport {
  pluginName: string;
  violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  suppressedViolations?: { ruleName: string; reason?: string }[];
}

function synthWithReport(metricsStore: string): { failure: string | undefined; reports: PluginReport[] } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'nag-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], metricsStore } });
  buildApp(app);
  let failure: string | undefined;
  try {
    app.synth();
  } catch (error) {
    failure = String(error).slice(0, 4000);
  }
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: PluginReport[];
  };
  return { failure, reports: report.pluginReports };
}

describe('cdk-nag AwsSolutions and CloudFormation validation', () => {
  it.each(['dynamodb', 'timestream'])('reports no unacknowledged finding with metricsStore=%s', (metricsStore) => {
    // Act
    const { failure, reports } = synthWithReport(metricsStore);

    // Assess
    const open = reports.flatMap((r) =>
      r.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    );
    expect({ failure, open }).toEqual({ failure: undefined, open: [] });
    expect(reports.map((r) => r.pluginName)).toContain('AwsSolutions');
  });

  it('gives every acknowledged finding a written reason', () => {
    // Act
    const { reports } = synthWithReport('timestream');

    // Assess
    const suppressed = reports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) expect(s.reason?.length ?? 0, s.ruleName).toBeGreaterThan(20);
  });
});
