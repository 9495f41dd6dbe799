import { UnavailableError } from '#domain/kernel/errors.ts';

/** One dependency probe: resolves when the dependency answers. */
export type Probe = () => Promise<unknown>;

/**
 * Runs every probe at once, each bounded by `timeoutMs`: `{ name: 'ok' }` when all answer, else a
 * 503 naming each dependency that failed or did not answer in time.
 */
export async function checkDependencies(
  probes: Readonly<Record<string, Probe>>,
  timeoutMs: number,
): Promise<Record<string, 'ok'>> {
  const results = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${String(timeoutMs)} ms`));
        }, timeoutMs);
      });
      try {
        await Promise.race([probe(), timeout]);
        return { name, problem: undefined };
      } catch (error) {
        return { name, problem: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failed = results.flatMap((r) => (r.problem === undefined ? [] : [{ name: r.name, problem: r.problem }]));
  if (failed.length > 0) {
    throw new UnavailableError(`degraded: ${failed.map((f) => f.name).join(', ')} unavailable`, {
      details: failed.map((f) => ({ path: f.name, message: f.problem.slice(0, 200) })),
    });
  }
  return Object.fromEntries(results.map((r) => [r.name, 'ok' as const]));
}
