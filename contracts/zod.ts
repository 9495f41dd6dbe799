import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { DYNAMODB_NUMBERS, isStorableNumber } from '#catalog/resources.ts';

/**
 * The schema library: zod 4's mini build, which tree-shakes to what a function's schemas use
 * (about 25 KiB minified against about 445 KiB for the full build, which also carries every
 * locale). Same validation and types as the full build; only English messages are loaded.
 * Schema files import `zod/mini` themselves: re-exporting the namespace from here would make
 * esbuild keep all of it, locales included.
 */
z.config(en());

/** Shorthands for the checks the contracts use most. */
export const str = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
export const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
export const num = (min: number, max: number) =>
  z
    .number()
    .check(
      z.gte(min),
      z.lte(max),
      z.refine(isStorableNumber, `must be 0 or of magnitude at least ${DYNAMODB_NUMBERS.smallest}`),
    );
/** A finite number DynamoDB can store (see isStorableNumber). */
export const finite = () => storableNumber();
/** At least one key given (partial updates). */
export const nonEmpty = <T extends object>(what: string) =>
  z.refine<T>((o) => Object.keys(o).length > 0, `give at least one ${what}`);
/** An integer query parameter (query strings are text), with its default. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), int(min, max)), fallback);

/** An instant in a body: ISO 8601 with an offset, or epoch milliseconds. */
export const instantSchema = () => z.union([z.iso.datetime({ offset: true }), int(0, 8.64e15)]);

/** A number DynamoDB can hold (catalog/resources.ts DYNAMODB_NUMBERS); anything else is a 400 that says the range. */
export const storableNumber = () => z.number().check(z.refine(isStorableNumber, DYNAMODB_NUMBERS.rule));

/** Bounds of a free-form JSON document (such as a prediction's `input_features`). */
export interface JsonBounds {
  /** Levels of nesting below the document itself. */
  readonly maxDepth: number;
  /** Object keys and array elements, counted over the whole document. */
  readonly maxNodes: number;
  readonly maxStringLength: number;
  /** Bytes of its JSON text. */
  readonly maxBytes: number;
}

/**
 * What is wrong with a JSON document against its bounds, or undefined. Walks iteratively (an
 * attacker's 10,000-deep nesting cannot overflow the stack) and stops at the first problem;
 * numbers must be storable. Only a document within depth and node bounds is serialised to
 * measure its size.
 */
export function jsonProblem(value: unknown, bounds: JsonBounds): string | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (typeof v === 'number' && !isStorableNumber(v)) {
      return `holds the number ${String(v)}: numbers ${DYNAMODB_NUMBERS.rule}`;
    }
    if (typeof v === 'string' && v.length > bounds.maxStringLength) {
      return `holds a string longer than ${bounds.maxStringLength} characters`;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= bounds.maxDepth) return `is nested deeper than ${bounds.maxDepth} levels`;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    nodes += children.length;
    if (nodes > bounds.maxNodes) return `has more than ${bounds.maxNodes} keys and elements in all`;
    for (const c of children) stack.push({ v: c, depth: depth + 1 });
  }
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes > bounds.maxBytes ? `is ${bytes} bytes of JSON; at most ${bounds.maxBytes}` : undefined;
}

/** A free-form JSON object within bounds; the 400 names the limit it broke. */
export const boundedJsonObject = (bounds: JsonBounds) =>
  z.record(z.string().check(z.maxLength(bounds.maxStringLength)), z.unknown()).check(
    z.superRefine((value, ctx) => {
      const problem = jsonProblem(value, bounds);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
    }),
  );

/** Cloud metadata endpoints (AWS IMDS and ECS, GCP): never a target of a request the platform makes. */
const METADATA_HOSTS = new Set(['169.254.169.254', '[fd00:ec2::254]', 'metadata.google.internal', '169.254.170.2']);

/**
 * A URL the platform will call (a probe's target, an AI model's endpoint): http or https, no
 * credentials in it, not a cloud metadata endpoint (`refused` says what may not be done).
 */
export const outboundUrl = (refused: string) =>
  str(8, 2048).check(
    z.refine((u) => {
      try {
        const url = new URL(u);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    }, 'an http:// or https:// URL without credentials'),
    z.refine((u) => {
      try {
        return !METADATA_HOSTS.has(new URL(u).hostname);
      } catch {
        return true;
      }
    }, refused),
  );
