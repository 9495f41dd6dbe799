import { scoreOutcome, type Scalar, type TaskType } from './scoring.ts';
import { encodeRow, fitEncoder, inferFeatureSpecs, type FeatureEncoder, type FeatureSpec } from './features.ts';
import { predictForest, trainForest, type ForestModel } from './forest.ts';
import { predictBoosting, trainBoosting, type BoostedModel } from './boosting.ts';

/** The learners a model can be trained with. */
export const ALGORITHMS = ['random_forest', 'gradient_boosting'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Hyperparameters (seed names); each learner reads the ones it has. */
export interface Hyperparameters {
  /** Trees (forest) or boosting rounds. */
  readonly n_estimators: number;
  readonly max_depth: number;
  readonly min_samples_leaf: number;
  /** Forest: features tried per split (count, or share of all if <= 1); absent = sqrt/third rule. */
  readonly max_features?: number;
  /** Boosting: shrinkage of each round. @default 0.1 */
  readonly learning_rate?: number;
}

/** What training needs to know of a model's configuration. */
export interface TrainingConfig {
  readonly task: TaskType;
  /** @default 'random_forest' */
  readonly algorithm?: Algorithm;
  /** Input features and their types; inferred from the rows when empty. */
  readonly features: readonly FeatureSpec[];
  readonly hyperparameters: Hyperparameters;
  /** Try a small grid of max_depth x min_samples_leaf on a validation split. */
  readonly hyperparameter_search: boolean;
}

/** Holdout metrics of a trained model (the same scoring as monitoring). */
export interface HoldoutMetrics {
  /** Classification accuracy, or mean max(0, 1 - |err| / |actual|) for regression. */
  readonly score: number;
  readonly mae?: number;
  readonly rmse?: number;
  readonly holdout_size: number;
}

/** One labelled example: the logged inputs, the actual outcome and when it was logged. */
export interface TrainingRow {
  readonly features: Readonly<Record<string, unknown>>;
  readonly target: Scalar;
  readonly ts: number;
}

/** What a model version is: its feature encoder and its tree ensemble. */
export interface ModelArtifact {
  readonly kind: 'aiops-model';
  readonly version: 1;
  readonly task: TaskType;
  readonly encoder: FeatureEncoder;
  /** The trees: a random forest, or boosted trees (`kind` tells); the name stays for stored artifacts. */
  readonly forest: ForestModel | BoostedModel;
}

/** Share of the newest rows held out for evaluation (time-ordered split). */
export const HOLDOUT_SHARE = 0.2;

/** Splits rows by time: the oldest (1 - share) train, the newest share evaluate. */
export function timeSplit<T extends { ts: number }>(
  rows: readonly T[],
  share = HOLDOUT_SHARE,
): { train: T[]; holdout: T[] } {
  const sorted = [...rows].sort((a, b) => a.ts - b.ts);
  const cut = Math.max(1, Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - share))));
  return { train: sorted.slice(0, cut), holdout: sorted.slice(cut) };
}

export function featureSpecsFor(config: Pick<TrainingConfig, 'features'>, rows: readonly TrainingRow[]): FeatureSpec[] {
  return config.features.length > 0 ? [...config.features] : inferFeatureSpecs(rows.map((r) => r.features));
}

export function predictArtifact(
  artifact: ModelArtifact,
  features: Readonly<Record<string, unknown>>,
): { prediction: string | number; confidence: number | undefined } {
  const row = encodeRow(artifact.encoder, features);
  return artifact.forest.kind === 'histogram-gradient-boosting'
    ? predictBoosting(artifact.forest, row)
    : predictForest(artifact.forest, row);
}

/** Holdout metrics with the monitoring path's scoring, so offline and online numbers compare. */
export function evaluateArtifact(artifact: ModelArtifact, rows: readonly TrainingRow[]): HoldoutMetrics {
  let score = 0;
  let abs = 0;
  let sq = 0;
  for (const r of rows) {
    const { prediction } = predictArtifact(artifact, r.features);
    const s = scoreOutcome(artifact.task, prediction, r.target);
    score += s.score;
    abs += s.abs_error ?? 0;
    sq += s.sq_error ?? 0;
  }
  const n = Math.max(1, rows.length);
  return {
    score: score / n,
    ...(artifact.task === 'regression' ? { mae: abs / n, rmse: Math.sqrt(sq / n) } : {}),
    holdout_size: rows.length,
  };
}

function fit(
  config: TrainingConfig,
  specs: readonly FeatureSpec[],
  rows: readonly TrainingRow[],
  hp: Hyperparameters,
  seed: number,
): ModelArtifact {
  const encoder = fitEncoder(
    specs,
    rows.map((r) => r.features),
  );
  const X = rows.map((r) => encodeRow(encoder, r.features));
  const y = rows.map((r) => (config.task === 'regression' ? Number(r.target) : String(r.target)));
  const forest =
    config.algorithm === 'gradient_boosting'
      ? trainBoosting(X, y, {
          task: config.task,
          nEstimators: hp.n_estimators,
          learningRate: hp.learning_rate ?? 0.1,
          maxDepth: hp.max_depth,
          minSamplesLeaf: hp.min_samples_leaf,
        })
      : trainForest(X, y, {
          task: config.task,
          nEstimators: hp.n_estimators,
          maxDepth: hp.max_depth,
          minSamplesLeaf: hp.min_samples_leaf,
          ...(hp.max_features !== undefined ? { maxFeatures: hp.max_features } : {}),
          seed,
        });
  return { kind: 'aiops-model', version: 1, task: config.task, encoder, forest };
}

/**
 * Trains a candidate on the training rows.
 *
 * 1. Work out feature types (configured, or inferred) and fit the encoder on the training rows.
 * 2. With `hyperparameter_search`, try max_depth x min_samples_leaf on a time-ordered
 *    validation split of the training rows and keep the best.
 * 3. Fit the forest on all training rows.
 */
export function trainArtifact(
  config: TrainingConfig,
  train: readonly TrainingRow[],
  seed = 1,
): {
  artifact: ModelArtifact;
  hyperparameters: Hyperparameters;
  searched: { hyperparameters: Hyperparameters; score: number }[];
} {
  const specs = featureSpecsFor(config, train);
  if (specs.length === 0) throw new Error('no usable input features (scalar values) in the training data');
  let hp = config.hyperparameters;
  const searched: { hyperparameters: Hyperparameters; score: number }[] = [];
  if (config.hyperparameter_search && train.length >= 50) {
    const inner = timeSplit(train);
    const boosting = config.algorithm === 'gradient_boosting';
    for (const max_depth of boosting ? [3, 5, 8] : [6, 10, 16]) {
      for (const min_samples_leaf of boosting ? [5, 20] : [1, 5]) {
        const candidate = {
          ...config.hyperparameters,
          max_depth,
          min_samples_leaf,
          n_estimators: Math.min(config.hyperparameters.n_estimators, boosting ? 60 : 30),
        };
        searched.push({
          hyperparameters: candidate,
          score: evaluateArtifact(fit(config, specs, inner.train, candidate, seed), inner.holdout).score,
        });
      }
    }
    const best = searched.reduce((a, b) => (b.score > a.score ? b : a));
    hp = { ...best.hyperparameters, n_estimators: config.hyperparameters.n_estimators };
  }
  return { artifact: fit(config, specs, train, hp, seed), hyperparameters: hp, searched };
}
