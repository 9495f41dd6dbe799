import { analyzeSeries } from '#lib/anomaly/analyze.ts';

describe('analyzeSeries (stateless analysis of one batch)', () => {
  it("answers the seed's own example sensibly: IQR flags 156, the trend is up", () => {
    // Act
    const a = analyzeSeries([45, 67, 89, 95, 156], ['zscore', 'iqr', 'mad']);

    // Assess
    expect(a.statistics).toMatchObject({ count: 5, min: 45, max: 156, p50: 89 });
    expect(a.statistics.mean).toBeCloseTo(90.4, 10);
    expect(a.anomalies.iqr?.map((x) => x.value)).toEqual([156]);
    expect(a.anomalies.zscore).toEqual([]);
    expect(a.trend.slope).toBeGreaterThan(0);
    expect(a.trend.p_value).toBeCloseTo(0.0275, 3);
    expect(a.trend.direction).toBe('up');
    expect(a.seasonality).toBeNull();
  });

  it('finds the period of a repeating series and the one point that breaks it', () => {
    const values = Array.from(
      { length: 240 },
      (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + (i === 200 ? 60 : 0),
    );
    const a = analyzeSeries(values, ['zscore', 'mad', 'isolation_forest']);
    expect(a.seasonality?.period).toBe(24);
    expect(a.seasonality?.strength).toBeGreaterThan(0.7);
    expect(a.anomalies.zscore?.map((x) => x.index)).toEqual([200]);
    expect(a.anomalies.mad?.map((x) => x.index)).toEqual([200]);
    expect(a.anomalies.isolation_forest?.map((x) => x.index)).toContain(200);
    expect(a.trend.direction).toBe('flat');
  });

  it('handles a constant series and a single value without dividing by zero', () => {
    const flat = analyzeSeries([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], ['zscore', 'iqr', 'mad', 'isolation_forest']);
    expect(flat.statistics.std).toBe(0);
    expect(Object.values(flat.anomalies).flat()).toEqual([]);
    expect(flat.trend).toEqual({ direction: 'flat', slope: 0, p_value: 1 });
    expect(flat.seasonality).toBeNull();
    expect(analyzeSeries([7]).statistics).toMatchObject({ count: 1, mean: 7, p99: 7 });
  });
});
