// OpenAI's chat completions API as Sightline uses it — the dialect vLLM,
// llama-server, LM Studio, Ollama's /v1 and the hosted APIs all speak:
//   POST {base}/chat/completions  {model, messages, stream:true, max_tokens, temperature, top_p}
//        the capture as a content part {type:'image_url', image_url:{url:'data:image/png;base64,…'}}
//        → server-sent events: data: {choices:[{delta:{content}, finish_reason}]} … data: [DONE]
//   GET  {base}/models  → {data:[{id}]}
// Left out on purpose: repetition penalty (OpenAI's frequency_penalty counts
// tokens differently, so it is not the same setting, and the hosted API
// refuses vLLM's repetition_penalty extension), stream_options (some servers
// refuse unknown fields; usage is read when a server sends it anyway), and
// max_completion_tokens (max_tokens is the one every compatible server takes).
import * as z from 'zod/mini';
import '../../common/schema.js';
import type { GenerationSettings } from '../../common/engine-protocol.js';
import type { MappedTurn } from './conversation.js';
import { dataUrl, type ImagePayload } from './image-payload.js';

const UsageReply = z.object({
  prompt_tokens: z.optional(z.number()),
  completion_tokens: z.optional(z.number()),
});

export const ChatChunk = z.object({
  choices: z.optional(
    z.array(
      z.object({
        delta: z.optional(z.object({ content: z.optional(z.nullable(z.string())) })),
        /** A reply that is not streamed (a server that ignored stream:true) carries message instead. */
        message: z.optional(z.object({ content: z.optional(z.nullable(z.string())) })),
        finish_reason: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
  usage: z.optional(z.nullable(UsageReply)),
  error: z.optional(z.unknown()),
});
export type ChatChunk = z.infer<typeof ChatChunk>;

export const ModelsReply = z.object({ data: z.array(z.object({ id: z.string() })) });

export function chatBody(model: string, turns: MappedTurn[], image: ImagePayload, settings: GenerationSettings) {
  return {
    model,
    stream: true,
    messages: turns.map((turn) =>
      turn.withImage
        ? {
            role: turn.role,
            content: [
              { type: 'image_url', image_url: { url: dataUrl(image) } },
              { type: 'text', text: turn.text },
            ],
          }
        : { role: turn.role, content: turn.text },
    ),
    max_tokens: settings.maxNewTokens,
    temperature: settings.temperature,
    top_p: settings.topP,
  };
}

/** The smallest question with an image: does the model take one at all? */
export function probeBody(model: string, image: ImagePayload) {
  return {
    model,
    stream: false,
    max_tokens: 1,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: dataUrl(image) } },
          { type: 'text', text: 'Reply with one word.' },
        ],
      },
    ],
  };
}
