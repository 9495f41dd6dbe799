import {
  BedrockRuntimeServiceException,
  ConverseCommand,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import {
  ProviderCallError,
  type GenerationRequest,
  type GenerationResult,
  type ProviderClient,
} from '#domain/providers/providers.ports.ts';

/** Bedrock's errors worth another try (throttled, overloaded, timed out). */
const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelTimeoutException',
  'InternalServerException',
  'ModelNotReadyException',
  'ServiceQuotaExceededException',
]);

/**
 * Bedrock through the Converse API (one request shape for every model family), with the
 * function's IAM role (no key). Cache reads (`cacheReadInputTokens`) are reported apart from
 * `inputTokens`.
 */
export class BedrockClient implements ProviderClient {
  /** `client` is asked for on the first call: a function that never calls Bedrock never builds its SDK client. */
  public constructor(private readonly client: () => BedrockRuntimeClient) {}

  public async generate(r: GenerationRequest): Promise<GenerationResult> {
    try {
      const out = await this.client().send(
        new ConverseCommand({
          modelId: r.model_id,
          messages: [{ role: 'user', content: [{ text: r.prompt }] }],
          inferenceConfig: {
            maxTokens: r.params.max_tokens,
            temperature: Math.min(1, r.params.temperature),
            topP: r.params.top_p,
          },
        }),
        { abortSignal: AbortSignal.timeout(r.timeout_ms) },
      );
      const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
      return {
        text,
        input_tokens: out.usage?.inputTokens ?? 0,
        output_tokens: out.usage?.outputTokens ?? 0,
        cached_input_tokens: out.usage?.cacheReadInputTokens ?? 0,
        finish_reason: out.stopReason ?? 'unknown',
      };
    } catch (error) {
      if (error instanceof BedrockRuntimeServiceException)
        throw new ProviderCallError(
          `${error.name}: ${error.message}`,
          error.$metadata.httpStatusCode,
          RETRYABLE.has(error.name),
        );
      const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ProviderCallError(
        timeout ? `no answer within ${r.timeout_ms} ms` : error instanceof Error ? error.message : String(error),
        undefined,
        true,
      );
    }
  }
}
