import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choiceHonoured, describeFallback, deviceAttempts, gpuProviders } from '../../common/device-choice.js';
import type { DeviceFallback } from '../../common/engine-protocol.js';

// Which providers the engine tries, why it passes one over (as codes), whether
// where it runs is what the user chose, and the same in English for the CLI.

const linux = { os: 'linux', arch: 'x64', hasCudaProvider: false } as const;

test('on Linux without the CUDA provider, CUDA is skipped with a code, then WebGPU, then the CPU', () => {
  assert.deepEqual(deviceAttempts('auto', linux), [
    { provider: 'cuda', skip: { code: 'cuda-libraries-missing' } },
    { provider: 'webgpu' },
    { provider: 'cpu' },
  ]);
  assert.deepEqual(gpuProviders({ ...linux, arch: 'arm64' })[0], {
    provider: 'cuda',
    skip: { code: 'cuda-not-x64', detail: 'arm64' },
  });
  assert.deepEqual(deviceAttempts('cpu', linux), [{ provider: 'cpu' }]);
});

const passedOver: DeviceFallback['passedOver'] = [
  { provider: 'cuda', code: 'cuda-libraries-missing' },
  { provider: 'webgpu', code: 'webgpu-unavailable', detail: 'Failed to get a WebGPU adapter' },
];

test('the GPU chosen and the CPU running is a choice not honoured; automatic falling back to the CPU is', () => {
  assert.equal(choiceHonoured({ requested: 'gpu', passedOver }, 'cpu'), false);
  assert.equal(choiceHonoured({ requested: 'gpu', passedOver }, 'webgpu'), true);
  assert.equal(choiceHonoured({ requested: 'auto', passedOver }, 'cpu'), true);
  assert.equal(choiceHonoured(undefined, 'cpu'), true);
  // A provider named on its own (the CLI's --provider) must be the one.
  assert.equal(choiceHonoured({ requested: 'auto', requestedProvider: 'cuda', passedOver }, 'cpu'), false);
});

test('the fallback in English, for the command line', () => {
  assert.equal(
    describeFallback('cpu', { requested: 'gpu', passedOver }),
    "Running on CPU. CUDA: onnxruntime's CUDA libraries are not installed; WebGPU could not start: no usable GPU adapter was found.",
  );
});
