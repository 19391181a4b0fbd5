// Why an execution provider could not start, as a code the page words in its
// language (common/engine-protocol.ts DeviceSkipCode), from the error
// onnxruntime threw at session creation. onnxruntime's own words stay with it
// as the technical detail.
import type { ExecutionProvider, PassedOverProvider } from '../common/engine-protocol.js';
import { messageOf } from '../common/message-of.js';

/**
 * The error's first line, without onnxruntime's source location and failed
 * check ("/onnxruntime_src/...cc:136 fn(...) <condition> was false. "): what
 * is left says what went wrong.
 */
export function firstLine(error: unknown, limit = 300): string {
  const message = messageOf(error);
  const line = (message.split('\n')[0] ?? message).trim();
  const checkFailed = /^\/\S+:\d+\s.*?\bwas false\.\s+(.+)$/.exec(line);
  return (checkFailed?.[1] ?? line.replace(/^\/\S+:\d+\s+\S+\s+/, '')).slice(0, limit);
}

export function providerFailure(provider: ExecutionProvider, error: unknown): PassedOverProvider {
  const message = messageOf(error);
  const detail = firstLine(error, 160);
  if (/WebGPU adapter/i.test(message)) return { provider, code: 'webgpu-unavailable', detail };
  if (/libcudart|libcublas|libcudnn|CUDA driver|cuda.*not found/i.test(message)) {
    return { provider, code: 'cuda-runtime-missing', detail };
  }
  // The JavaScript error says only this; which library was missing (the
  // provider itself, or the CUDA runtime it links) is in onnxruntime's log.
  if (/AppendExecutionProvider_Cuda.*Failed to load shared library/i.test(message)) {
    return { provider, code: 'cuda-libraries-unloadable', detail };
  }
  if (/DirectML|D3D12|DXGI/i.test(message)) return { provider, code: 'directml-unavailable', detail };
  return { provider, code: 'provider-failed', detail };
}
