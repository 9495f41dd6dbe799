import { configDoc, readDoc, updateDoc } from '#domain/kernel/config-docs.ts';
import { MemoryConfig } from '../../support/in-memory.ts';

const DOC = configDoc('doc', { on: true, every: 60, channels: { email: true, sms: true }, windows: ['a'] as string[] });

describe('config documents', () => {
  it('read a stored partial document, nested objects included, over the defaults', async () => {
    // Prepare
    const config = new MemoryConfig();
    await config.put('doc', { every: 30, channels: { sms: false } });

    // Act
    const doc = await readDoc(config, DOC);

    // Assess
    expect(doc).toEqual({ on: true, every: 30, channels: { email: true, sms: false }, windows: ['a'] });
  });

  it('merge an update key by key, one nested switch at a time; arrays replace and undefined is absent', async () => {
    // Prepare
    const config = new MemoryConfig();
    await updateDoc(config, DOC, { channels: { email: false } });

    // Act
    const doc = await updateDoc(config, DOC, { on: undefined, channels: { sms: false }, windows: ['b', 'c'] });

    // Assess
    expect(doc).toEqual({ on: true, every: 60, channels: { email: false, sms: false }, windows: ['b', 'c'] });
    expect(await readDoc(config, DOC)).toEqual(doc);
  });
});
