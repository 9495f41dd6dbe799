import { quantileOfSorted } from '../stats/descriptive.ts';

/**
 * A sliding window over the last `size` values of a stream: running mean and variance, and
 * order statistics from a sorted copy kept by binary insertion (O(size) per update, which is
 * microseconds at the window sizes detectors use).
 */
export class SlidingWindow {
  private readonly ring: number[] = [];
  private readonly sorted: number[] = [];
  private head = 0;
  private sum = 0;
  private sumSq = 0;

  public constructor(public readonly size: number) {}

  public get length(): number {
    return this.ring.length;
  }

  public push(value: number): void {
    if (this.ring.length < this.size) {
      this.ring.push(value);
    } else {
      const old = this.ring[this.head] ?? 0;
      this.ring[this.head] = value;
      this.head = (this.head + 1) % this.size;
      this.sum -= old;
      this.sumSq -= old * old;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
    this.sum += value;
    this.sumSq += value * value;
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
  }

  public mean(): number {
    return this.ring.length === 0 ? 0 : this.sum / this.ring.length;
  }

  /** Population standard deviation (0 for fewer than two values). */
  public std(): number {
    const n = this.ring.length;
    if (n < 2) return 0;
    const m = this.sum / n;
    return Math.sqrt(Math.max(0, this.sumSq / n - m * m));
  }

  /** The q-quantile (0..1) by linear interpolation between order statistics. */
  public quantile(q: number): number {
    return quantileOfSorted(this.sorted, q);
  }

  /** Median absolute deviation from the median. */
  public mad(): number {
    const n = this.sorted.length;
    if (n === 0) return 0;
    const median = this.quantile(0.5);
    // The k-th smallest |x - median| by merging outward from the median (O(n)).
    let lo = lowerBound(this.sorted, median) - 1;
    let hi = lo + 1;
    const target = Math.floor((n - 1) / 2);
    let d = 0;
    for (let k = 0; k <= target; k++) {
      const left = lo >= 0 ? median - (this.sorted[lo] ?? 0) : Infinity;
      const right = hi < n ? (this.sorted[hi] ?? 0) - median : Infinity;
      if (left <= right) {
        d = left;
        lo--;
      } else {
        d = right;
        hi++;
      }
    }
    return d;
  }

  /** The value `back` steps ago (0 = the newest). */
  public recent(back: number): number | undefined {
    const n = this.ring.length;
    if (back >= n) return undefined;
    const newest = n < this.size ? n - 1 : (this.head - 1 + this.size) % this.size;
    return this.ring[(newest - back + this.size) % this.size];
  }
}

/** First index whose value is >= x in a sorted array. */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
