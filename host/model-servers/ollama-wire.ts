// Ollama's HTTP API as Sightline uses it (docs/api.md in ollama/ollama):
//   POST /api/chat  {model, messages:[{role, content, images:[base64]}], stream:true, options}
//                   → NDJSON: {message:{content}, done:false} … {done:true, done_reason, *_count}
//                   errors mid-stream as {error:"..."}
//   GET  /api/tags  → {models:[{name, model}]}
//   POST /api/show  {model} → {capabilities:["completion","vision"], details:{families}, projector_info}
// Replies are parsed loosely: fields Sightline does not use are ignored, so a
// newer Ollama that adds some does not break anything.
import * as z from 'zod/mini';
import '../../common/schema.js';
import type { GenerationSettings } from '../../common/engine-protocol.js';
import type { MappedTurn } from './conversation.js';
import type { ImagePayload } from './image-payload.js';

export const ChatLine = z.object({
  message: z.optional(z.object({ content: z.optional(z.string()) })),
  done: z.optional(z.boolean()),
  done_reason: z.optional(z.string()),
  prompt_eval_count: z.optional(z.number()),
  eval_count: z.optional(z.number()),
  error: z.optional(z.string()),
});
export type ChatLine = z.infer<typeof ChatLine>;

export const TagsReply = z.object({
  models: z.array(z.object({ name: z.optional(z.string()), model: z.optional(z.string()) })),
});

export const ShowReply = z.object({
  capabilities: z.optional(z.array(z.string())),
  details: z.optional(z.object({ families: z.optional(z.nullable(z.array(z.string()))) })),
  projector_info: z.optional(z.unknown()),
});
export type ShowReply = z.infer<typeof ShowReply>;

export function chatBody(model: string, turns: MappedTurn[], image: ImagePayload, settings: GenerationSettings) {
  return {
    model,
    stream: true,
    messages: turns.map((turn) => ({
      role: turn.role,
      content: turn.text,
      ...(turn.withImage ? { images: [image.base64] } : {}),
    })),
    options: {
      num_predict: settings.maxNewTokens,
      temperature: settings.temperature,
      top_p: settings.topP,
      repeat_penalty: settings.repetitionPenalty,
    },
  };
}

/** "llava" and "llava:latest" are the same model to Ollama. */
export function sameModel(a: string, b: string): boolean {
  const full = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return full(a) === full(b);
}

/**
 * Whether the model reads images: Ollama 0.6+ lists capabilities; older ones
 * only show a vision projector (projector_info, or a 'clip'/'mllama' family).
 */
export function readsImages(show: ShowReply): boolean | undefined {
  if (show.capabilities) return show.capabilities.includes('vision');
  if (show.projector_info !== undefined) return true;
  const families = show.details?.families ?? [];
  if (families.some((family) => family === 'clip' || family === 'mllama')) return true;
  return undefined;
}
