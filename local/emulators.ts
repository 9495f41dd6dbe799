import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { stopChild } from './process.ts';

export interface Emulators {
  /** DynamoDB endpoint (dynalite). */
  readonly dynamodb: string;
  /** SQS/SNS/S3 endpoint (fauxqs). */
  readonly fauxqs: string;
  readonly fauxqsServer: FauxqsServer;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Folder for persistent state; in memory when absent. */
  readonly dataDir?: string;
  /** Record SQS/SNS/S3 events for tests (fauxqs message spies). @default false */
  readonly spies?: boolean;
}

/**
 * Starts dynalite in its own process (so DynamoDB work uses the second core and a crash of
 * either side is visible) and fauxqs in this one. With a data dir both persist: dynalite in
 * LevelDB, fauxqs in SQLite (which is why the scripts run on Node 22).
 */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const { dataDir } = options;
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const [dynalite, fauxqsServer] = await Promise.all([
    startDynalite(dataDir === undefined ? undefined : path.join(dataDir, 'dynamodb')),
    startFauxqs({
      port: 0,
      logger: false,
      ...(options.spies === true ? { messageSpies: { bufferSize: 10_000 } } : {}),
      ...(dataDir !== undefined ? { dataDir: path.join(dataDir, 'fauxqs') } : {}),
    }),
  ]);
  return {
    dynamodb: dynalite.endpoint,
    fauxqs: `http://127.0.0.1:${fauxqsServer.port}`,
    fauxqsServer,
    async stop() {
      await Promise.all([fauxqsServer.stop(), dynalite.stop()]);
    },
  };
}

async function startDynalite(dir: string | undefined): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dynalite-child.cjs');
  // Its own process group: a Ctrl-C in the terminal reaches the stack, which then stops the
  // emulator after the last in-flight request, instead of both dying at once.
  const child: ChildProcess = spawn(process.execPath, [script, ...(dir !== undefined ? [dir] : [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(new Error(`dynalite did not start: ${out}`));
    }, 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${String((JSON.parse(line) as { port: number }).port)}`);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited with ${String(code)}: ${out}`));
    });
  });
  return {
    endpoint,
    stop: () => stopChild(child),
  };
}
