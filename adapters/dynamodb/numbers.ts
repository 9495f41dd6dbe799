import { DYNAMODB_NUMBERS } from '#catalog/resources.ts';

const { smallest: SMALLEST, largest: LARGEST } = DYNAMODB_NUMBERS;

/**
 * A computed value (a drift report, an estimate) made storable: a magnitude below 1e-130 (a
 * p-value of strong drift) becomes 0, one beyond the range is capped, and a non-finite number
 * becomes null. Data sent by clients never needs this: validation rejects such numbers.
 *
 * @example
 * storable({ p_value: 1e-200, statistic: 0.6 }) // { p_value: 0, statistic: 0.6 }
 */
export function storable<T>(value: T): T {
  return clamp(value) as T;
}

function clamp(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const a = Math.abs(value);
    if (a !== 0 && a < SMALLEST) return 0;
    return a > LARGEST ? Math.sign(value) * LARGEST : value;
  }
  if (Array.isArray(value)) return value.map(clamp);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clamp(v)]));
  }
  return value;
}
