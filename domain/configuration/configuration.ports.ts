/**
 * One part of the platform's configuration as the configuration manager sees it: a settings
 * document, the alert rules or the silences. The wiring connects each to the context that owns it.
 */
export interface ConfigSection {
  readonly name: string;
  /** The effective value (defaults filled in). */
  read(): Promise<unknown>;
  /** What `read` would answer once `value` is written (defaults filled in, expired silences dropped). */
  effective(value: unknown): Promise<unknown>;
  /** Replaces the value; written whole, so a repeated write converges. */
  write(value: unknown): Promise<void>;
}
