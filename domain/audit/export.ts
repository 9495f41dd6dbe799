import type { AuditEntry } from './audit.ports.ts';

const COLUMNS = [
  'seq',
  'at',
  'subject',
  'roles',
  'route',
  'method',
  'path',
  'target',
  'request_id',
  'status',
  'outcome',
  'prev_hash',
  'hash',
] as const;

/** RFC 4180 quoting, and a leading `'` before `=`, `+`, `-`, `@` so a spreadsheet never runs a cell as a formula. */
function cell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Audit entries as CSV with a header row. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return [COLUMNS.join(','), ...entries.map((e) => COLUMNS.map((c) => cell(e[c])).join(','))].join('\n') + '\n';
}
