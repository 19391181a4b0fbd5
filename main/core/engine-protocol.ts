// Messages between the engine host (main side) and the engine process. Both
// ends parse what they receive with these schemas: a process boundary is a
// trust boundary, and a malformed message must fail loudly, not half-work.
import * as z from 'zod/mini';
import './schema.js';

export const HostToEngine = z.discriminatedUnion('type', [z.object({ type: z.literal('hello') })]);
export type HostToEngine = z.infer<typeof HostToEngine>;

export const EngineRuntime = z.object({
  node: z.string(),
  onnxruntime: z.string(),
  platform: z.string(),
  arch: z.string(),
});
export type EngineRuntime = z.infer<typeof EngineRuntime>;

export const EngineToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), runtime: EngineRuntime }),
  z.object({ type: z.literal('protocol-error'), message: z.string() }),
]);
export type EngineToHost = z.infer<typeof EngineToHost>;
