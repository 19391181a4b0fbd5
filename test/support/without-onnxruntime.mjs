// Makes this Node process a machine that onnxruntime has no build for (an
// Intel Mac): onnxruntime-node's binding.js requires
// bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node, and here that
// require fails as it does where the file is missing — MODULE_NOT_FOUND,
// with the same words. transformers.js, which requires onnxruntime-node,
// fails with it. Everything else (sharp's binding included) loads as usual.
//
// Loaded with `node --import <this file>` (or NODE_OPTIONS, for a process
// that forks the engine). The require() is patched rather than a
// module.register() resolve hook: on Node 20 those hooks see import, not the
// require() that onnxruntime-node and transformers.js load the binding with.
import Module from 'node:module';

const binding = /onnxruntime_binding\.node$/;
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function resolveWithoutOnnxRuntime(request, ...rest) {
  if (binding.test(request)) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
