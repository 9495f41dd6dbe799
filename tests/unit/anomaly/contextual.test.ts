import { contextualDetector } from '#lib/anomaly/contextual.ts';
import type { Detector } from '#lib/anomaly/detectors.ts';

const run = (d: Detector, values: readonly number[]) => values.map((v, i) => d.update(v, i));
/** A repeating pattern over the bins: a stream the detector can learn completely. */
const pattern = (n: number) => Array.from({ length: n }, (_, i) => [10, 20, 30, 40, 30, 20][i % 6] as number);

describe('contextual anomaly detector (CAD OSE)', () => {
  it('learns a repeating pattern until its steps score low, and scores a step out of it high', () => {
    const values = pattern(600);
    values[500] = 10; // a jump back the pattern never makes from its step before
    const scores = run(contextualDetector({ rest: 10 }), values);
    expect(Math.max(...scores.slice(300, 500))).toBeLessThan(0.2);
    expect(scores[500]).toBeGreaterThan(0.5);
  });

  it('rests after a score at the alarm level: the next `rest` points score 0, as do the first', () => {
    const values = pattern(600);
    values[500] = 10;
    const scores = run(contextualDetector({ rest: 10, alarm: 0.5 }), values);
    expect(scores.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(scores[500]).toBeGreaterThan(0.5);
    expect(scores.slice(501, 511)).toEqual(Array.from({ length: 10 }, () => 0));
    expect(Math.max(...scores.slice(511))).toBeGreaterThan(0);
  });

  it('online, a value beyond the range so far is new to it; with a fixed range, only an unseen bin is', () => {
    const values = pattern(600);
    values[550] = 100;
    const online = run(contextualDetector(), values);
    expect(online[550]).toBeGreaterThan(3 * Math.max(...online.slice(300, 550)));
    // Over a fixed range of 0..1000 every value of the pattern shares the bottom bin and the jump
    // to 100 does not leave it: nothing is new.
    const wide = run(contextualDetector({ range: { min: 0, max: 1000 } }), values);
    expect(wide[550]).toBeLessThanOrEqual(Math.max(...wide.slice(300, 550)));
  });

  it('scores a missing value 0 and carries on', () => {
    const d = contextualDetector();
    expect(d.update(Number.NaN, 0)).toBe(0);
    for (const s of run(d, pattern(200))) expect(s >= 0 && s <= 1).toBe(true);
  });
});
