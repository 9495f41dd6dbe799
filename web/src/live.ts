import { useEffect, useRef, useState } from 'preact/hooks';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { Unreachable, type Api } from './api.ts';

/** Whether the API answered lately: the header's "updated 3 s ago" or its unreachable banner. */
export interface Connection {
  lastOk: number | undefined;
  unreachable: string | undefined;
}

type Listener = () => void;

/** One connection state shared by every poll on the page. */
export class ConnectionState {
  public state: Connection = { lastOk: undefined, unreachable: undefined };
  private readonly listeners = new Set<Listener>();
  public ok(): void {
    this.state = { lastOk: Date.now(), unreachable: undefined };
    this.emit();
  }
  public down(message: string): void {
    this.state = { ...this.state, unreachable: message };
    this.emit();
  }
  public subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private emit(): void {
    for (const l of this.listeners) l();
  }
}

export interface AppContext {
  readonly api: Api;
  readonly connection: ConnectionState;
  /** Polling period; the tests shorten it. */
  readonly pollMs: number;
}

export const App = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const app = useContext(App);
  if (app === undefined) throw new Error('useApp outside <App.Provider>');
  return app;
}

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly refresh: () => void;
}

/**
 * Fetches `load` now and every poll period while the page is visible; a conditional GET that
 * answers 304 hands back the same object, so nothing re-renders. An unreachable API marks the
 * shared connection down (the banner) and keeps the last data on screen.
 */
export function usePoll<T>(load: (api: Api) => Promise<T>, deps: readonly unknown[], periodMs?: number): Polled<T> {
  const { api, connection, pollMs } = useApp();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    // An object, not a let: the checks below read it after awaits (it changes on unmount).
    const mounted = { alive: true };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async (): Promise<void> => {
      let next: { value: T } | { failure: unknown };
      try {
        next = { value: await loadRef.current(api) };
      } catch (failure) {
        next = { failure };
      }
      if (!mounted.alive) return;
      if ('value' in next) {
        connection.ok();
        setData(next.value);
        setError(undefined);
      } else if (next.failure instanceof Unreachable) connection.down(next.failure.message);
      else setError(next.failure instanceof Error ? next.failure.message : String(next.failure));
      timer = setTimeout(() => void run(), document.hidden ? 4 * (periodMs ?? pollMs) : (periodMs ?? pollMs));
    };
    void run();
    return () => {
      mounted.alive = false;
      if (timer !== undefined) clearTimeout(timer);
    };
    // The effect restarts when the caller's deps change (a new model, new filters) or on refresh().
  }, [api, tick, ...deps]);
  return { data, error, refresh: () => setTick((t) => t + 1) };
}

/** Re-renders every second (for "updated 3 s ago"). */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}
