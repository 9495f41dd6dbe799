import { dailyPeriod, forecast, minimumPoints, stepOf, train } from '#lib/forecast/forecast.ts';
import {
  fitModel,
  holtWinters,
  PICKED_MODELS,
  randomForest,
  recentMedian,
  seasonalNaive,
  ses,
} from '#lib/forecast/models.ts';
import { mulberry32, normal } from '../../support/random.ts';

const noise = (seed: number) => {
  const random = mulberry32(seed);
  return () => normal(random);
};

describe('forecasting models', () => {
  it('repeat a pure season: seasonal naive and Holt-Winters forecast it within the noise', () => {
    // Prepare: 10 days of hourly points, a daily wave of amplitude 20, noise σ 0.5.
    const n = noise(1);
    const wave = (t: number) => 50 + 20 * Math.sin((2 * Math.PI * t) / 24);
    const values = Array.from({ length: 240 }, (_, t) => wave(t) + 0.5 * n());

    // Act
    const naive = seasonalNaive(values, 24).forecast(24);
    const hw = holtWinters(values, 24).forecast(24);

    // Assess
    const maxError = (f: number[]) => Math.max(...f.map((v, i) => Math.abs(v - wave(240 + i))));
    expect(maxError(naive)).toBeLessThan(2.5);
    expect(maxError(hw)).toBeLessThan(1.5);
  });

  it('learn a daily wave with the random forest over lags and calendar features, which is measured but not picked', () => {
    // Prepare: 10 days of hourly points, a daily wave of amplitude 20, noise σ 0.5.
    const n = noise(5);
    const wave = (t: number) => 50 + 20 * Math.sin((2 * Math.PI * t) / 24);
    const values = Array.from({ length: 240 }, (_, t) => wave(t) + 0.5 * n());

    // Act
    const forest = randomForest(values, 24).forecast(24);

    // Assess: within a few units of the wave, far better than a flat forecast at the mean (up to 20 off).
    const maxError = Math.max(...forest.map((v, i) => Math.abs(v - wave(240 + i))));
    expect(maxError).toBeLessThan(5);
    expect(PICKED_MODELS).not.toContain('random_forest');
  });

  it('follow a trend with Holt-Winters, which the flat models cannot', () => {
    const n = noise(2);
    const values = Array.from({ length: 500 }, (_, t) => 10 + 0.1 * t + 0.2 * n());
    const truth = Array.from({ length: 50 }, (_, i) => 10 + 0.1 * (500 + i));
    const err = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - (truth[i] ?? 0)), 0) / f.length;
    expect(err(holtWinters(values, 1).forecast(50))).toBeLessThan(0.5);
    expect(err(ses(values, 0.1).forecast(50))).toBeGreaterThan(2);
  });

  it('put a flat forecast at the recent median, which one spike does not move', () => {
    const values = [...Array.from({ length: 300 }, () => 5), 500, 5, 5];
    expect(recentMedian(values, 288).forecast(3)).toEqual([5, 5, 5]);
    expect(fitModel('ses', values, 1).forecast(1)[0]).toBeGreaterThan(30);
  });
});

describe('training and intervals', () => {
  it('picks a seasonal model for a seasonal series and a flat one for a noisy level', () => {
    const n = noise(3);
    const seasonal = Array.from({ length: 24 * 14 }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 24) + n());
    const level = Array.from({ length: 24 * 14 }, () => 50 + 5 * n());
    expect(['seasonal_naive', 'holt_winters', 'seasonal_mean']).toContain(
      train(seasonal, { period: 24, horizon: 24 }).model,
    );
    expect(['ses', 'recent_median', 'combined']).toContain(train(level, { period: 24, horizon: 24 }).model);
  });

  it('gives conformal bands that cover about 80 % and 95 % of what comes next', () => {
    // Prepare: 200 independent series with heavy-tailed noise (t-like), each forecast 24 ahead.
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (let s = 0; s < 200; s++) {
      const n = noise(100 + s);
      const draw = () => n() / Math.sqrt(Math.max(0.05, Math.abs(n())));
      const all = Array.from(
        { length: 24 * 10 + 24 },
        (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 24) + 3 * draw(),
      );
      const history = all.slice(0, -24);
      const f = train(history, { period: 24, horizon: 24 });
      for (const [i, p] of forecast(f, 24).entries()) {
        const actual = all[history.length + i] ?? 0;
        total++;
        if (actual >= p.lower_80 && actual <= p.upper_80) in80++;
        if (actual >= p.lower_95 && actual <= p.upper_95) in95++;
      }
    }
    expect(in80 / total).toBeGreaterThan(0.72);
    expect(in80 / total).toBeLessThan(0.88);
    expect(in95 / total).toBeGreaterThan(0.9);
  });

  it('keeps bands inside the metric range and refuses too short a history', () => {
    const values = Array.from({ length: 200 }, (_, t) => (t % 10 === 0 ? 0.9 : 0.01));
    const f = train(values, { period: 1, horizon: 24 });
    for (const p of forecast(f, 24, { min: 0, max: 1 })) {
      expect(p.lower_95).toBeGreaterThanOrEqual(0);
      expect(p.upper_95).toBeLessThanOrEqual(1);
    }
    expect(() => train(values.slice(0, 50), { period: 1, horizon: 24 })).toThrow(/needs at least 72 points, has 50/);
    expect(minimumPoints(288, 288)).toBe(864);
  });

  it('finds the step and the daily period of a series', () => {
    expect(stepOf([0, 300_000, 600_000, 1_200_000, 1_500_000])).toBe(300_000);
    expect(dailyPeriod(300_000, 600)).toBe(288);
    expect(dailyPeriod(300_000, 500)).toBe(1);
  });
});
