import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The architecture as a test: which folder may import which, and no import cycle between
 * folders. A folder here is a unit of the layout: `domain/<context>`, `lib/<package>`,
 * `adapters/<tech>`, and the top-level `platform`, `wiring`, `contracts`, `catalog`,
 * `functions`, `infra`, `local` and `bench`.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const TOPS = [
  'domain',
  'lib',
  'adapters',
  'platform',
  'wiring',
  'contracts',
  'catalog',
  'functions',
  'infra',
  'local',
  'bench',
];
const NESTED = new Set(['domain', 'lib', 'adapters']);
const ALIASES = Object.entries(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, string> }).imports,
).map(([k, v]) => [k.replace('*', ''), path.join(ROOT, v.replace('*', ''))] as const);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.ts$/.test(e.name) ? [full] : [];
  });
}

function unitOf(file: string): string | undefined {
  const [top, second] = path.relative(ROOT, file).split(path.sep);
  if (top === undefined || !TOPS.includes(top)) return undefined;
  return NESTED.has(top) && second !== undefined && !second.endsWith('.ts') ? `${top}/${second}` : top;
}

function importsOf(file: string): { spec: string; target: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { spec: string; target: string }[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    const spec = m[1] ?? m[2] ?? '';
    let target: string | undefined;
    if (spec.startsWith('.')) target = path.resolve(path.dirname(file), spec);
    else
      for (const [prefix, dir] of ALIASES)
        if (spec.startsWith(prefix)) target = path.join(dir, spec.slice(prefix.length));
    if (target !== undefined) found.push({ spec, target });
  }
  return found;
}

const files = TOPS.flatMap((t) => {
  try {
    return sourceFiles(path.join(ROOT, t));
  } catch {
    return [];
  }
});
const edges = new Map<string, Map<string, string>>();
for (const file of files) {
  const from = unitOf(file);
  if (from === undefined) continue;
  for (const { target } of importsOf(file)) {
    const to = unitOf(target);
    if (to === undefined || to === from) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, `${path.relative(ROOT, file)} -> ${path.relative(ROOT, target)}`);
    edges.set(from, out);
  }
}

/** Strongly connected components with more than one unit (Tarjan). */
function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          scc.push(w);
        }
      } while (w !== undefined && w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** Which units a unit may import; anything not listed is a violation. */
function allowed(from: string, to: string): boolean {
  if (from.startsWith('lib/')) return to.startsWith('lib/');
  if (from === 'domain/kernel') return to.startsWith('lib/');
  if (from.startsWith('domain/')) return to === 'domain/kernel' || to.startsWith('lib/');
  if (from === 'catalog') return false;
  if (from === 'contracts') return to.startsWith('domain/') || to === 'catalog' || to.startsWith('lib/');
  if (from.startsWith('adapters/'))
    return to.startsWith('domain/') || to.startsWith('adapters/') || to.startsWith('lib/') || to === 'catalog';
  if (from === 'platform')
    return to === 'domain/kernel' || to === 'catalog' || to === 'contracts' || to.startsWith('lib/');
  if (from === 'wiring') return !['functions', 'infra', 'local', 'bench'].includes(to);
  if (from === 'functions') return !['infra', 'local', 'bench'].includes(to);
  if (from === 'infra') return to === 'catalog' || to === 'contracts';
  return true;
}

describe('import graph', () => {
  it('has no import cycle between folders', () => {
    // Act
    const found = cycles().map((scc) =>
      scc.map(
        (u) =>
          `${u} (${[...(edges.get(u)?.entries() ?? [])]
            .filter(([t]) => scc.includes(t))
            .map(([, why]) => why)
            .join('; ')})`,
      ),
    );

    // Assess
    expect(found).toEqual([]);
  });

  it('keeps every folder to the imports its layer allows', () => {
    // Act
    const violations = [...edges].flatMap(([from, out]) =>
      [...out].filter(([to]) => !allowed(from, to)).map(([, why]) => why),
    );

    // Assess
    expect(violations).toEqual([]);
  });

  it('sees the whole tree (a guard against a parser that finds nothing)', () => {
    // Assess
    expect(files.length).toBeGreaterThan(80);
    expect(edges.get('functions')?.size ?? 0).toBeGreaterThan(3);
  });
});
