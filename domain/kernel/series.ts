import type { MetricPoint, SeriesFilter, SeriesId, StepAggregate } from './metric-store.ports.ts';

/** Mean, min, max and count per `stepMs` (aligned to the epoch), oldest first; for stores that cannot aggregate. */
export function aggregatePoints(
  points: readonly Pick<MetricPoint, 'time' | 'value'>[],
  stepMs: number,
): StepAggregate[] {
  const steps = new Map<number, { sum: number; min: number; max: number; count: number }>();
  for (const p of points) {
    const t = Math.floor(p.time / stepMs) * stepMs;
    const b = steps.get(t) ?? { sum: 0, min: Infinity, max: -Infinity, count: 0 };
    b.sum += p.value;
    b.min = Math.min(b.min, p.value);
    b.max = Math.max(b.max, p.value);
    b.count++;
    steps.set(t, b);
  }
  return [...steps.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, b]) => ({ time, value: b.sum / b.count, min: b.min, max: b.max, count: b.count }));
}

/** True for a series `filter` lets through. */
export const matchesSeries = (s: SeriesId, filter: SeriesFilter): boolean =>
  s.name.startsWith(filter.namePrefix ?? '') &&
  Object.entries(filter.dimensions ?? {}).every(([k, v]) => s.dimensions[k] === v);

/** Series by name, then by their dimensions. */
export const bySeries = (a: SeriesId, b: SeriesId): number =>
  a.name.localeCompare(b.name) ||
  Object.keys(a.dimensions).length - Object.keys(b.dimensions).length ||
  JSON.stringify(Object.entries(a.dimensions).sort()).localeCompare(
    JSON.stringify(Object.entries(b.dimensions).sort()),
  );
