import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, for tools that load files by their catalog path (function entries, the
 * state machine). Kept apart from the CDK code so the local stack and the benchmarks do not load
 * aws-cdk-lib just for a path.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
