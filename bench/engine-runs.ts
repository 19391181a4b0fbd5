// One answer from the engine (Vlm.answer, as the engine process runs it,
// minus the IPC that posts each event), timed from the call to its return.
import { InterruptableStoppingCriteria } from '@huggingface/transformers';
import { engineTurns, type Conversation } from '../common/conversation.js';
import { defaultGenerationSettings, type Turn } from '../common/engine-protocol.js';
import { loadModel, type Loaded } from '../engine/model-loader.js';
import { probePlatform } from '../engine/platform-probe.js';
import type { CacheMode, Vlm } from '../engine/vlm.js';
import type { ModelSpec } from './config.js';
import type { RunSample } from './results.js';
import { decodeRate } from './stats.js';

/** Loads the benchmark's model as the engine process does, and says where it runs. */
export async function loadBenchModel(spec: ModelSpec, log: (message: string) => void): Promise<Loaded> {
  log('loading with the engine');
  const loaded = await loadModel(
    { type: 'load', modelDir: spec.dir, device: spec.device, ...(spec.dtype ? { dtype: spec.dtype } : {}) },
    probePlatform(),
    () => undefined,
  );
  const { status } = loaded;
  log(`loaded in ${(status.loadMs / 1000).toFixed(1)} s on ${status.provider} (${status.dtype})`);
  return loaded;
}

export interface EngineAnswer {
  sample: RunSample;
  text: string;
  cachedTokens: number;
}

export async function askEngine(
  vlm: Vlm,
  conversationId: string,
  png: Uint8Array<ArrayBuffer>,
  turns: Turn[],
  maxNewTokens: number,
  cacheMode: CacheMode = 'reuse',
): Promise<EngineAnswer> {
  const started = performance.now();
  const result = await vlm.answer(
    {
      conversationId,
      image: { kind: 'bytes', bytes: png },
      turns,
      settings: { ...defaultGenerationSettings, maxNewTokens, temperature: 0 },
    },
    { onPhase: () => undefined, onDelta: () => undefined, stop: new InterruptableStoppingCriteria() },
    cacheMode,
  );
  const wallMs = performance.now() - started;
  const usage = result.usage;
  return {
    text: result.text,
    cachedTokens: usage.cachedTokens,
    sample: {
      wallMs,
      timeToFirstTokenMs: usage.timeToFirstTokenMs,
      completionTokens: usage.completionTokens,
      decodeTokensPerSecond: decodeRate(usage.completionTokens, usage.timeToFirstTokenMs, wallMs),
      promptTokens: usage.promptTokens,
      imageTokens: usage.imageTokens,
    },
  };
}

/** The first turn of a conversation about a capture. */
export function firstTurn(question: string): Turn[] {
  return [{ role: 'user', text: question }];
}

/**
 * The first question of a conversation as the chat sends it (engineTurns):
 * the answer instruction, the capture's text section when there is one
 * (captureTextSection), then the question.
 */
export function chatFirstTurn(question: string, captureTextSection?: string): Turn[] {
  const conversation: Conversation = {
    version: 1,
    id: 'bench-first-question',
    title: '',
    createdAt: 0,
    updatedAt: 0,
    capture: { width: 1, height: 1, bytes: 0 },
    turns: [
      { role: 'user', text: question, ...(captureTextSection ? { captureText: captureTextSection } : {}), at: 0 },
    ],
  };
  return engineTurns(conversation, 'en');
}

/** A follow-up: the first question, the engine's answer, and a new question. */
export function followUpTurns(first: string, answer: string, next: string): Turn[] {
  return [
    { role: 'user', text: first },
    { role: 'assistant', text: answer },
    { role: 'user', text: next },
  ];
}
