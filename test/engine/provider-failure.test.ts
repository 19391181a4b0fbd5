import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLine, providerFailure } from '../../engine/provider-failure.js';

// What onnxruntime throws when a provider cannot start, as the code the chat
// page words in its language, with onnxruntime's own words kept as the detail.

test('no WebGPU adapter is "webgpu-unavailable", its detail without the source location and failed check', () => {
  const error = new Error(
    '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters\n',
  );
  assert.deepEqual(providerFailure('webgpu', error), {
    provider: 'webgpu',
    code: 'webgpu-unavailable',
    detail: 'Failed to get a WebGPU adapter: No supported adapters',
  });
});

test('CUDA: a provider library that does not load, and a CUDA runtime that is missing, are told apart', () => {
  const provider = providerFailure(
    'cuda',
    new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library'),
  );
  assert.equal(provider.code, 'cuda-libraries-unloadable');
  assert.equal(provider.detail, 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library');
  const runtime = providerFailure(
    'cuda',
    new Error('libcudnn.so.9: cannot open shared object file: No such file or directory'),
  );
  assert.equal(runtime.code, 'cuda-runtime-missing');
});

test('DirectML without a DirectX 12 GPU, and any other failure with its first line', () => {
  assert.equal(providerFailure('dml', new Error('D3D12CreateDevice failed')).code, 'directml-unavailable');
  const other = providerFailure('coreml', new Error('/onnxruntime_src/x.cc:12 Fn() something odd happened\nmore'));
  assert.deepEqual(other, { provider: 'coreml', code: 'provider-failed', detail: 'something odd happened' });
  assert.equal(firstLine(new Error('plain words\nsecond line')), 'plain words');
});
