/**
 * transformers.js 4.3.2: once a cache exists, Qwen2-VL's
 * prepare_inputs_for_generation sets pixel_values to null, which the generic
 * forward then treats as an image to encode for a multi-token follow-up
 * ("Missing the following inputs: pixel_values"). Dropping the null key lets
 * the follow-up run from the cache.
 */
export function allowQwenCachedContinuation(model: {
  prepare_inputs_for_generation(...args: unknown[]): Record<string, unknown>;
}): void {
  const original = model.prepare_inputs_for_generation.bind(model);
  model.prepare_inputs_for_generation = (...args: unknown[]) => {
    const inputs = original(...args);
    if (inputs.pixel_values === null) delete inputs.pixel_values;
    return inputs;
  };
}
