import { stackForSuite } from '../support/local-stack.ts';

const ANALYZE = '/api/v1/aiops/analytics/analyze';

describe('POST /api/v1/aiops/analytics/analyze through the local stack', () => {
  const stack = stackForSuite();

  it("analyses the seed's example: statistics, IQR flags 156, an upward trend", async () => {
    // Act
    const res = await stack.api()('POST', ANALYZE, {
      token: await stack.token(['viewer']),
      body: { metricName: 'cpu_usage', values: [45, 67, 89, 95, 156] },
    });

    // Assess (the client also checks the body against the route's response schema)
    expect(res.status).toBe(200);
    const analysis = res.body.analysis as {
      statistics: { count: number; max: number };
      anomalies: Record<string, { index: number; value: number }[]>;
      trend: { direction: string };
    };
    expect(res.body.metricName).toBe('cpu_usage');
    expect(analysis.statistics).toMatchObject({ count: 5, max: 156 });
    expect(analysis.anomalies.iqr).toEqual([expect.objectContaining({ index: 4, value: 156 })]);
    expect(Object.keys(analysis.anomalies).sort()).toEqual(['iqr', 'mad', 'zscore']);
    expect(analysis.trend.direction).toBe('up');
  });

  it.each([
    [{ metricName: 'x', values: Array<number>(10_001).fill(1) }, 'values'],
    [{ metricName: 'x', values: [1, 'two', 3] }, 'values.1'],
    [{ metricName: 'x', values: [] }, 'values'],
    [{ metricName: 'x', values: [1, 2], timestamps: [0] }, 'timestamps'],
    [{ metricName: 'x', values: [1, 2], methods: ['prophet'] }, 'methods.0'],
    [{ values: [1, 2] }, 'metricName'],
  ])('refuses a bad body with a 400 naming the field (%#)', async (body, path) => {
    const res = await stack.api()('POST', ANALYZE, { token: await stack.token(['viewer']), body });
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.map((d) => d.path)).toContain(path);
  });
});
