import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockClient } from '#adapters/llm/bedrock.adapter.ts';
import { anthropicClient, googleClient, openAiCompatibleClient } from '#adapters/llm/http-providers.adapter.ts';
import { FileKeyVault } from '#adapters/secrets/file-vault.adapter.ts';
import { SecretsManagerKeyVault } from '#adapters/secrets/secrets-manager.adapter.ts';
import { ProviderCallError, type GenerationRequest } from '#domain/providers/providers.ports.ts';
import { startFakeLlm, type FakeLlm } from '#local/fake-llm.ts';

const request = (over: Partial<GenerationRequest> = {}): GenerationRequest => ({
  provider: 'openai_compatible',
  model_id: 'local-llm',
  prompt: 'Reply with the single word OK.',
  params: { temperature: 0, max_tokens: 16, top_p: 1, frequency_penalty: 0 },
  timeout_ms: 2000,
  ...over,
});

describe('the OpenAI-compatible client against a local server', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm.close();
  });

  it('sends the key as a bearer token and reads the answer and its tokens', async () => {
    const out = await openAiCompatibleClient.generate(request({ endpoint: llm.url, key: 'sk-local-12345678' }));
    expect(out).toMatchObject({ text: 'OK', finish_reason: 'stop', cached_input_tokens: 0 });
    expect(out.input_tokens).toBeGreaterThan(0);
    expect(llm.authorizations.at(-1)).toBe('Bearer sk-local-12345678');
  });

  it('turns a 500 into a retryable error and a timeout into one without a status', async () => {
    const failed = await openAiCompatibleClient
      .generate(request({ endpoint: llm.url, model_id: 'm-failing' }))
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ProviderCallError);
    expect(failed).toMatchObject({ status: 500, retryable: true, message: 'HTTP 500: the model is down' });
    const slow = await openAiCompatibleClient
      .generate(request({ endpoint: llm.url, model_id: 'm-slow', timeout_ms: 50 }))
      .catch((e: unknown) => e);
    expect(slow).toMatchObject({ status: undefined, retryable: true, message: 'no answer within 50 ms' });
    const refused = await openAiCompatibleClient
      .generate(request({ endpoint: 'http://127.0.0.1:9/v1' }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ retryable: true });
    expect((refused as Error).message).toMatch(/^connection failed/);
  });
});

describe('the Anthropic and Google clients', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; headers: Record<string, unknown>; body: unknown }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          url: req.url ?? '',
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        if ((req.url ?? '').startsWith('/v1/messages')) {
          if (req.headers['x-api-key'] === 'bad-key-123456') {
            res
              .writeHead(401)
              .end('{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}');
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              content: [{ type: 'text', text: 'OK' }],
              stop_reason: 'end_turn',
              usage: { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 2048 },
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            candidates: [{ content: { parts: [{ text: 'O' }, { text: 'K' }] }, finishReason: 'STOP' }],
            usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 1, cachedContentTokenCount: 20 },
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it("reads Anthropic's cache reads apart from its input tokens, and maps a 401 to a final error", async () => {
    const out = await anthropicClient.generate(
      request({ provider: 'anthropic', endpoint: base, key: 'good-key-123456' }),
    );
    expect(out).toEqual({
      text: 'OK',
      input_tokens: 12,
      output_tokens: 1,
      cached_input_tokens: 2048,
      finish_reason: 'end_turn',
    });
    expect(seen.at(-1)?.headers).toMatchObject({ 'x-api-key': 'good-key-123456', 'anthropic-version': '2023-06-01' });
    const refused = await anthropicClient
      .generate(request({ provider: 'anthropic', endpoint: base, key: 'bad-key-123456' }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401, retryable: false, message: 'HTTP 401: invalid x-api-key' });
  });

  it("joins Gemini's parts and reads its cached tokens inside the prompt count", async () => {
    const out = await googleClient.generate(
      request({ provider: 'google', endpoint: base, model_id: 'gemini-2.0-flash', key: 'AIza-test' }),
    );
    expect(out).toEqual({
      text: 'OK',
      input_tokens: 30,
      output_tokens: 1,
      cached_input_tokens: 20,
      finish_reason: 'STOP',
    });
    expect(seen.at(-1)?.url).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(seen.at(-1)?.headers['x-goog-api-key']).toBe('AIza-test');
  });
});

// No emulator exists for Bedrock or Secrets Manager here: these two adapters are tested with aws-sdk-client-mock.
describe('the Bedrock client (aws-sdk-client-mock: no Bedrock emulator exists)', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  afterEach(() => bedrock.reset());

  it('calls Converse with the model id and reads tokens, cache reads apart', async () => {
    bedrock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: 'OK' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 1, totalTokens: 11, cacheReadInputTokens: 500 },
      metrics: { latencyMs: 100 },
    });
    const client = new BedrockClient(() => new BedrockRuntimeClient({ region: 'us-east-1' }));
    const out = await client.generate(
      request({ provider: 'bedrock', model_id: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' }),
    );
    expect(out).toEqual({
      text: 'OK',
      input_tokens: 10,
      output_tokens: 1,
      cached_input_tokens: 500,
      finish_reason: 'end_turn',
    });
    expect(bedrock.commandCalls(ConverseCommand)[0]?.args[0].input).toMatchObject({
      modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      inferenceConfig: { maxTokens: 16, temperature: 0, topP: 1 },
    });
  });

  it('retries throttling and not a validation error', async () => {
    const client = new BedrockClient(() => new BedrockRuntimeClient({ region: 'us-east-1', maxAttempts: 1 }));
    bedrock
      .on(ConverseCommand)
      .rejects(new ThrottlingException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }));
    await expect(client.generate(request({ provider: 'bedrock' }))).rejects.toMatchObject({
      status: 429,
      retryable: true,
    });
    bedrock
      .on(ConverseCommand)
      .rejects(new ValidationException({ message: 'bad model', $metadata: { httpStatusCode: 400 } }));
    await expect(client.generate(request({ provider: 'bedrock' }))).rejects.toMatchObject({
      status: 400,
      retryable: false,
    });
  });
});

describe('the key vaults', () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());

  it('Secrets Manager (aws-sdk-client-mock): creates the secret on first put, updates it after, reads it back', async () => {
    const vault = new SecretsManagerKeyVault(new SecretsManagerClient({ region: 'us-east-1' }), 'aiops/ai-keys');
    secrets
      .on(PutSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'none', $metadata: {} }))
      .resolves({});
    secrets.on(CreateSecretCommand).resolves({});
    expect(await vault.put('gpt', 'sk-one-1234567890')).toBe('aiops/ai-keys/gpt');
    expect(secrets.commandCalls(CreateSecretCommand)[0]?.args[0].input).toMatchObject({
      Name: 'aiops/ai-keys/gpt',
      SecretString: 'sk-one-1234567890',
    });
    await vault.put('gpt', 'sk-two-1234567890');
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(2);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'sk-two-1234567890' });
    expect(await vault.get('aiops/ai-keys/gpt')).toBe('sk-two-1234567890');
  });

  it('the local file vault keeps keys sealed: the file does not contain them, another secret cannot open them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vault-'));
    writeFileSync(path.join(dir, 'secret'), 'the local stack secret');
    writeFileSync(path.join(dir, 'other'), 'another secret');
    const vault = new FileKeyVault(path.join(dir, 'keys.json'), path.join(dir, 'secret'));
    const ref = await vault.put('gpt', 'sk-file-abcdefghijklmnop');
    expect(await vault.get(ref)).toBe('sk-file-abcdefghijklmnop');
    expect(readFileSync(path.join(dir, 'keys.json'), 'utf8')).not.toContain('abcdefghijklmnop');
    await expect(new FileKeyVault(path.join(dir, 'keys.json'), path.join(dir, 'other')).get(ref)).rejects.toThrow();
    await vault.remove(ref);
    expect(await vault.get(ref)).toBeUndefined();
  });
});
