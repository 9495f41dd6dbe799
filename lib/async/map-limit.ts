/**
 * Runs `work` over the items with at most `limit` in flight, keeping the results in order.
 *
 * @example
 * const assessments = await mapLimit(models, 8, (m) => assessModel(aggregates, m, t, now));
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(runners);
  return results;
}
