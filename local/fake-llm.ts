import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible chat-completions server for the local stack's demo and the tests: a
 * stand-in for a self-hosted model (like Ollama's `/v1`), not a fake of an AWS service. It answers
 * the health tests' prompts correctly, and its behaviour is steered per model id:
 * `*-failing` answers 500, `*-slow` waits 300 ms, `*-flaky` fails every other call; any other id
 * answers at once. `failing(true)` makes every model fail (a provider outage).
 */
export interface FakeLlm {
  readonly url: string;
  /** Requests received, by model id. */
  readonly calls: Map<string, number>;
  /** Every Authorization header seen (the tests check keys arrive, and only here). */
  readonly authorizations: string[];
  failing(on: boolean): void;
  close(): Promise<void>;
}

function answer(prompt: string): string {
  // An incident narrative: one sentence that cites the evidence, one cause it invents, one fake citation.
  if (prompt.includes('INCIDENT EVIDENCE'))
    return 'The outage was caused by a solar flare hitting the data centre. The first alert started the incident [E1]. A memory leak in the gateway made it worse [E99].';
  if (prompt.includes('single word OK')) return 'OK';
  if (prompt.includes('안녕하세요')) return '안녕하세요, 반갑습니다.';
  if (prompt.includes('POSITIVE or NEGATIVE')) return 'POSITIVE';
  if (prompt.includes('What percent failed')) return '2.5';
  return `You said: ${prompt.slice(0, 200)}`;
}

export async function startFakeLlm(port = 0): Promise<FakeLlm> {
  const calls = new Map<string, number>();
  const authorizations: string[] = [];
  let outage = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        authorizations.push(req.headers.authorization ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          model: string;
          messages: { content: string }[];
          max_tokens?: number;
        };
        const n = (calls.get(body.model) ?? 0) + 1;
        calls.set(body.model, n);
        if (body.model.endsWith('-slow')) await new Promise((r) => setTimeout(r, 300));
        if (outage || body.model.endsWith('-failing') || (body.model.endsWith('-flaky') && n % 2 === 0)) {
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"the model is down"}}');
          return;
        }
        const prompt = body.messages.map((m) => m.content).join('\n');
        const text = answer(prompt);
        const promptTokens = Math.ceil(Buffer.byteLength(prompt) / 4);
        const completionTokens = Math.min(body.max_tokens ?? 1024, Math.ceil(Buffer.byteLength(text) / 4));
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${n}`,
            object: 'chat.completion',
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: completionTokens,
              total_tokens: promptTokens + completionTokens,
              prompt_tokens_details: { cached_tokens: 0 },
            },
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/v1`,
    calls,
    authorizations,
    failing: (on) => {
      outage = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
