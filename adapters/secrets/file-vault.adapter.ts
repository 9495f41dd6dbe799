import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyVault } from '#domain/providers/providers.ports.ts';

interface Sealed {
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/**
 * Provider keys for the local stack: one JSON file of AES-256-GCM sealed entries, the AES key
 * derived (HKDF-SHA256) from the local stack's own secret (its signing key file), so the file
 * alone does not give the keys away. Written whole to a temporary file and renamed (mode 0600).
 */
export class FileKeyVault implements KeyVault {
  private readonly aesKey: Buffer;

  public constructor(
    private readonly file: string,
    secretFile: string,
  ) {
    this.aesKey = Buffer.from(hkdfSync('sha256', readFileSync(secretFile), Buffer.alloc(0), 'aiops ai-model keys', 32));
  }

  private read(): Record<string, Sealed> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, Sealed>) : {};
  }

  private write(entries: Record<string, Sealed>): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entries), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  public put(name: string, key: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.aesKey, iv);
    const data = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
    const ref = `local/${name}`;
    this.write({
      ...this.read(),
      [ref]: { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') },
    });
    return Promise.resolve(ref);
  }

  public get(ref: string): Promise<string | undefined> {
    const sealed = this.read()[ref];
    if (sealed === undefined) return Promise.resolve(undefined);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.aesKey, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Promise.resolve(
        Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8'),
      );
    } catch {
      // Sealed under another secret (the data dir's signing key was replaced): the key must be set again.
      return Promise.reject(new Error(`the key ${ref} cannot be opened with this stack's secret; set it again`));
    }
  }

  public remove(ref: string): Promise<void> {
    const entries = this.read();
    if (ref in entries) {
      const { [ref]: _gone, ...rest } = entries;
      this.write(rest);
    }
    return Promise.resolve();
  }
}
