import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

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
export const num = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
export const finite = () => z.number().check(z.refine(Number.isFinite, 'must be finite'));
/** At least one key given (partial updates). */
export const nonEmpty = <T extends object>(what: string) =>
  z.refine<T>((o) => Object.keys(o).length > 0, `give at least one ${what}`);
/** An integer query parameter (query strings are text), with its default. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), int(min, max)), fallback);
