import {
  cusumDetector,
  ewmaDetector,
  iqrDetector,
  madDetector,
  normalTail,
  zScoreDetector,
  type Detector,
} from './detectors.ts';
import { contextualDetector } from './contextual.ts';
import { IsolationForest } from './isolation-forest.ts';
import { SlidingWindow } from './window.ts';

/**
 * Isolation Forest over a stream: each point becomes a small feature row (its value, its change
 * from the previous point, its distance from the mean of the last 10); the forest is refitted
 * every `refit` points on the last `history` rows, and a point is scored by the forest fitted
 * before it. Raw forest scores sit near 0.5 for ordinary points; the detector maps 0.5..1 to 0..1.
 */
export function isolationForestDetector(
  options: { readonly history?: number; readonly refit?: number; readonly trees?: number; readonly seed?: number } = {},
): Detector {
  const historySize = options.history ?? 1000;
  const refitEvery = options.refit ?? 250;
  const forest = new IsolationForest({ trees: options.trees ?? 50, sampleSize: 256, seed: options.seed ?? 7 });
  const rows: number[][] = [];
  const recent = new SlidingWindow(10);
  let previous: number | undefined;
  let fitted = false;
  let seen = 0;
  return {
    update(value) {
      if (Number.isNaN(value)) return 0;
      const row = [value, value - (previous ?? value), recent.length > 0 ? value - recent.mean() : 0];
      const score = fitted ? Math.max(0, 2 * forest.score(row) - 1) : 0;
      rows.push(row);
      if (rows.length > historySize) rows.shift();
      recent.push(value);
      previous = value;
      seen++;
      if (seen >= 64 && seen % refitEvery === 0) {
        forest.fit(rows);
        fitted = true;
      } else if (!fitted && seen === 64) {
        forest.fit(rows);
        fitted = true;
      }
      return score;
    },
  };
}

export interface LikelihoodOptions {
  /** Points before the first score (Numenta's learning period). @default 288 */
  readonly learning?: number;
  /** Averaged raw scores the distribution is estimated from. @default 8640 */
  readonly history?: number;
  /** Raw scores averaged for the current point. @default 10 */
  readonly average?: number;
  /** Points between re-estimations of the distribution. @default 100 */
  readonly reestimate?: number;
}

/**
 * Numenta's anomaly-likelihood layer over any raw detector: the recent average of raw scores is
 * judged against the distribution of past averages (a normal fit, re-estimated as the stream
 * goes), and the tail probability is put on a log scale, so a score of 0.5 means a tail of 1e-5.
 * Raw scores that are always high on a noisy series stop alarming; a raw score unusual for this
 * series does. Only averages above the usual level count.
 */
export function withLikelihood(raw: Detector, options: LikelihoodOptions = {}): Detector {
  const learning = options.learning ?? 288;
  const history = new SlidingWindow(options.history ?? 8640);
  const averaged = new SlidingWindow(options.average ?? 10);
  const reestimate = options.reestimate ?? 100;
  let seen = 0;
  let mean = 0;
  let std = 1;
  return {
    update(value, time) {
      if (Number.isNaN(value)) return 0;
      averaged.push(raw.update(value, time));
      const avg = averaged.mean();
      seen++;
      let score = 0;
      if (seen > learning) {
        if ((seen - learning) % reestimate === 1 || reestimate === 1) {
          mean = history.mean();
          // Numenta's floor on the variance: a near-constant raw score must not make every wobble rare.
          std = Math.max(history.std(), Math.sqrt(0.0003));
        }
        const tail = avg > mean ? normalTail((avg - mean) / std) : 1;
        score = Math.min(1, Math.log(tail + 1e-10) / Math.log(1e-10));
      }
      history.push(avg);
      return score;
    },
  };
}

/**
 * Consensus: the mean of the component scores, so one test alone moves it only part way and
 * agreement moves it all the way (earthgecko Skyline's consensus, as a score).
 */
export function consensus(components: readonly Detector[]): Detector {
  return {
    update(value, time) {
      if (Number.isNaN(value)) return 0;
      let sum = 0;
      for (const c of components) sum += c.update(value, time);
      return sum / components.length;
    },
  };
}

/**
 * Suppression of repeats: after a score reaches `alarm`, later scores are held to a fraction of
 * themselves for `quietPoints` points, so one incident is one alert (earthgecko's expiry).
 */
export function suppressRepeats(
  inner: Detector,
  options: { readonly alarm?: number; readonly quietPoints?: number; readonly factor?: number } = {},
): Detector {
  const alarm = options.alarm ?? 0.5;
  const quiet = options.quietPoints ?? 100;
  const factor = options.factor ?? 0.1;
  let quietUntil = -1;
  let seen = 0;
  return {
    update(value, time) {
      const score = inner.update(value, time);
      seen++;
      if (seen <= quietUntil) return score * factor;
      if (score >= alarm) quietUntil = seen + quiet;
      return score;
    },
  };
}

/**
 * Range breaks (Numenta's "spatial anomaly"): a value beyond the range seen so far by more than
 * `tolerance` of that range scores 1, whatever the inner detector says. The range is the stream's
 * own, grown point by point (never the series' overall min and max); it counts after `warmup`.
 */
export function withRangeBreaks(
  inner: Detector,
  options: { readonly tolerance?: number; readonly warmup?: number } = {},
): Detector {
  const tolerance = options.tolerance ?? 0.1;
  const warmup = options.warmup ?? 100;
  let min = Infinity;
  let max = -Infinity;
  let seen = 0;
  return {
    update(value, time) {
      let score = inner.update(value, time);
      if (Number.isNaN(value)) return score;
      seen++;
      const range = max - min;
      if (seen > warmup && range > 0 && (value > max + tolerance * range || value < min - tolerance * range)) score = 1;
      if (value < min) min = value;
      if (value > max) max = value;
      return score;
    },
  };
}

/** A first-difference view of a stream: detectors on it see changes, not levels. */
export function onDifferences(inner: Detector): Detector {
  let previous: number | undefined;
  return {
    update(value, time) {
      if (Number.isNaN(value)) return 0;
      const diff = previous === undefined ? 0 : value - previous;
      previous = value;
      return inner.update(diff, time);
    },
  };
}

export const DETECTORS = ['zscore', 'iqr', 'ewma', 'mad', 'cusum', 'iforest', 'cad', 'ensemble'] as const;
export type DetectorName = (typeof DETECTORS)[number];

/**
 * A detector by name, with the one configuration used for every series. Each base detector is
 * wrapped in the likelihood layer, range breaks and repeat suppression; the ensemble takes the consensus of the
 * rolling z-score and the forest before those two layers (consensus with MAD, differences, CUSUM
 * or a forecaster's error as well scored lower on the NAB development set). `cad` is the
 * Contextual Anomaly Detector as published, with its own rest period and an online range.
 */
export function createDetector(name: DetectorName): Detector {
  const finish = (raw: Detector) => suppressRepeats(withRangeBreaks(withLikelihood(raw)));
  switch (name) {
    case 'zscore':
      return finish(zScoreDetector());
    case 'iqr':
      return finish(iqrDetector());
    case 'ewma':
      return finish(ewmaDetector());
    case 'mad':
      return finish(madDetector());
    case 'cusum':
      return finish(cusumDetector());
    case 'iforest':
      return finish(isolationForestDetector());
    case 'cad':
      return contextualDetector();
    case 'ensemble':
      return finish(consensus([zScoreDetector(), isolationForestDetector()]));
  }
}
