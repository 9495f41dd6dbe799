import type { Detector } from './detectors.ts';

/**
 * A semi-context: one side (left or right) of a learned context, as a set of facts. `crossed`
 * holds the facts of the current input it shares; it matches when all its facts are crossed.
 */
interface SemiContext {
  readonly size: number;
  crossed: number[];
  /** Right semi-context id -> context id (left semi-contexts only). */
  readonly rights: Map<number, number>;
}

interface Context {
  /** How many times it was active: active neurons are the most used. */
  uses: number;
  /** Whether the context was ever seen as a zero-level context (its left side directly before its right). */
  zeroLevel: boolean;
}

/**
 * The context memory of the Contextual Anomaly Detector (Smirnov's CAD OSE, ported from NAB's
 * `nab/detectors/context_ose/context_operator.py`, MIT): contexts are pairs of fact sets, the facts
 * before (left) and the facts now (right); a context is active when both its sides are present.
 */
class ContextMemory {
  private readonly sides: [Map<string, number>, Map<string, number>] = [
    new Map<string, number>(),
    new Map<string, number>(),
  ];
  private readonly semis: [SemiContext[], SemiContext[]] = [[], []];
  private readonly byFact: [Map<number, SemiContext[]>, Map<number, SemiContext[]>] = [
    new Map<number, SemiContext[]>(),
    new Map<number, SemiContext[]>(),
  ];
  private crossedNow: [SemiContext[], SemiContext[]] = [[], []];
  private readonly contexts: Context[] = [];
  /** The zero-level context created by this step (skipped when counting active ones); 0 when none, as in the original. */
  private newContextId = 0;

  public constructor(private readonly maxLeftLength: number) {}

  /** Finds or stores the semi-context of `facts` on one side. */
  private semi(side: 0 | 1, facts: readonly number[]): { id: number; semi: SemiContext } {
    const key = facts.join(',');
    const known = this.sides[side].get(key);
    if (known !== undefined) return { id: known, semi: this.semis[side][known] as SemiContext };
    const semi: SemiContext = { size: facts.length, crossed: [], rights: new Map() };
    const id = this.semis[side].length;
    this.sides[side].set(key, id);
    this.semis[side].push(semi);
    for (const fact of facts) {
      const list = this.byFact[side].get(fact);
      if (list === undefined) this.byFact[side].set(fact, [semi]);
      else list.push(semi);
    }
    return { id, semi };
  }

  /** Stores a zero-level context; true when it is new (and marks an old one zero-level). */
  public storeZeroLevel(left: readonly number[], right: readonly number[]): boolean {
    const { semi: l } = this.semi(0, left);
    const { id: r } = this.semi(1, right);
    const known = l.rights.get(r);
    if (known !== undefined) {
      (this.contexts[known] as Context).zeroLevel = true;
      return false;
    }
    const id = this.contexts.length;
    l.rights.set(r, id);
    this.contexts.push({ uses: 0, zeroLevel: true });
    this.newContextId = id;
    return true;
  }

  /** Stores contexts that are not zero-level; returns how many were new. */
  public store(pairs: readonly (readonly [readonly number[], readonly number[]])[]): number {
    let added = 0;
    for (const [left, right] of pairs) {
      const { semi: l } = this.semi(0, left);
      const { id: r } = this.semi(1, right);
      if (l.rights.has(r)) continue;
      l.rights.set(r, this.contexts.length);
      this.contexts.push({ uses: 0, zeroLevel: false });
      added++;
    }
    return added;
  }

  /** Crosses one side's semi-contexts with the current facts. */
  public cross(side: 0 | 1, facts: readonly number[]): void {
    for (const semi of this.crossedNow[side]) semi.crossed = [];
    const crossed = new Set<SemiContext>();
    for (const fact of facts) {
      for (const semi of this.byFact[side].get(fact) ?? []) {
        semi.crossed.push(fact);
        crossed.add(semi);
      }
    }
    this.crossedNow[side] = [...crossed];
  }

  /**
   * After the right side was crossed with the facts now: the contexts whose two sides are both
   * complete (active), how many had a complete left side (selected), and the partial matches
   * worth storing as new contexts when this step's zero-level context was new.
   */
  public activate(newZeroLevel: boolean): {
    active: { id: number; uses: number }[];
    selected: number;
    candidates: [number[], number[]][];
  } {
    const active: { id: number; uses: number }[] = [];
    const candidates: [number[], number[]][] = [];
    let selected = 0;
    for (const left of this.crossedNow[0]) {
      const leftComplete = left.size === left.crossed.length;
      for (const [rightId, contextId] of left.rights) {
        if (contextId === this.newContextId) continue;
        const context = this.contexts[contextId] as Context;
        const right = this.semis[1][rightId] as SemiContext;
        const rightCrossed = right.crossed.length;
        if (leftComplete) selected++;
        if (leftComplete && rightCrossed > 0 && right.size === rightCrossed) {
          context.uses++;
          active.push({ id: contextId, uses: context.uses });
        } else if (context.zeroLevel && newZeroLevel && rightCrossed > 0 && left.crossed.length <= this.maxLeftLength) {
          candidates.push([[...left.crossed], [...right.crossed]]);
        }
      }
    }
    this.newContextId = 0;
    return { active, selected, candidates };
  }
}

export interface ContextualOptions {
  /** Bits a value is binned into (2^bits levels over the range). @default 3 */
  readonly bits?: number;
  /** Most-used active contexts fed back as facts. @default 15 */
  readonly maxActive?: number;
  /** Longest left side of a learned context. @default 7 */
  readonly maxLeftLength?: number;
  /** A raw score at or above this silences the next `rest` points. @default 0.75 */
  readonly alarm?: number;
  /**
   * Points silenced after a score at or above `alarm` (and at the start). The original rests a
   * fifth of NAB's probation (0.03 of the file's length, at most 150), which needs the length.
   * @default 50
   */
  readonly rest?: number;
  /** The value range; when absent it is the range of the stream so far (online). */
  readonly range?: { readonly min: number; readonly max: number };
}

/**
 * Contextual Anomaly Detector (CAD OSE, Mikhail Smirnov, 2016; NAB's `context_ose`): each value
 * is binned into a few bits; the detector learns which facts follow which (contexts of facts and
 * of the contexts that were active the step before) and scores the share of expected contexts
 * that did not come true plus the share of new contexts the step created.
 *
 * The original bins over the whole file's min and max, which a live stream does not know: here the
 * range is the stream's own so far, so a value beyond it lands in the top (or bottom) bin.
 */
export function contextualDetector(options: ContextualOptions = {}): Detector {
  const bits = options.bits ?? 3;
  const levels = 2 ** bits - 1;
  const maxActive = options.maxActive ?? 15;
  const alarm = options.alarm ?? 0.75;
  const rest = options.rest ?? 50;
  const memory = new ContextMemory(options.maxLeftLength ?? 7);
  let leftFacts: number[] = [];
  let min = options.range?.min ?? Infinity;
  let max = options.range?.max ?? -Infinity;
  const fixed = options.range !== undefined;
  /** Points left to rest (the first `rest` points rest too, as in the original). */
  let restLeft = rest;

  const factsOf = (value: number): number[] => {
    if (!fixed) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const span = max - min === 0 ? levels : max - min;
    const bin = Math.max(0, Math.min(levels, Math.trunc((value - min) / (span / levels))));
    const facts: number[] = [];
    for (let b = 0; b < bits; b++) facts.push(b * 2 + ((bin >> b) & 1));
    return facts;
  };

  const step = (facts: number[]): number => {
    let newZeroLevel = false;
    const candidates = new Set<string>();
    if (leftFacts.length > 0) {
      candidates.add(`${leftFacts.join(',')}|${facts.join(',')}`);
      newZeroLevel = memory.storeZeroLevel(leftFacts, facts);
    }
    memory.cross(1, facts);
    const { active, selected, candidates: partial } = memory.activate(newZeroLevel);
    for (const [l, r] of partial) candidates.add(`${l.join(',')}|${r.join(',')}`);
    const shareActive = selected > 0 ? active.length / selected : 0;
    active.sort((a, b) => a.uses - b.uses || a.id - b.id);
    const neurons = active.slice(-maxActive).map((a) => 2 ** 31 + a.id);
    leftFacts = [...new Set([...facts, ...neurons])].sort((a, b) => a - b);
    let added = memory.store(partial);
    memory.cross(0, leftFacts);
    if (newZeroLevel) added++;
    const shareAdded = newZeroLevel && candidates.size > 0 ? added / candidates.size : 0;
    return (1 - shareActive + shareAdded) / 2;
  };

  return {
    update(value) {
      if (Number.isNaN(value)) return 0;
      const score = step(factsOf(value));
      if (restLeft > 0) {
        restLeft--;
        if (score >= alarm) restLeft = rest;
        return 0;
      }
      if (score >= alarm) restLeft = rest;
      return score;
    },
  };
}
