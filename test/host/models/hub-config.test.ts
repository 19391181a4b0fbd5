import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hubHeaders, hubOptionsFromEnv, resolveUrl, treeUrl } from '../../../host/models/hub-config.js';

// Where the hub is (HF_ENDPOINT, a mirror) and who gets the token.
test('hub URLs follow the hub API; the token goes only to the hub itself', () => {
  const hub = hubOptionsFromEnv({ HF_ENDPOINT: 'https://mirror.example/', HF_TOKEN: 'hf_x' });
  assert.equal(hub.endpoint, 'https://mirror.example');
  assert.equal(treeUrl(hub, 'org/model', 'abc'), 'https://mirror.example/api/models/org/model/tree/abc?recursive=true');
  assert.equal(
    resolveUrl(hub, 'org/model', 'abc', 'onnx/a b.onnx'),
    'https://mirror.example/org/model/resolve/abc/onnx/a%20b.onnx',
  );
  assert.equal(hubHeaders(hub, 'https://mirror.example/api/x').authorization, 'Bearer hf_x');
  assert.equal(hubHeaders(hub, 'https://cdn.example/blob').authorization, undefined);
  assert.equal(hubOptionsFromEnv({}).endpoint, 'https://huggingface.co');
  assert.equal(hubOptionsFromEnv({ HUGGING_FACE_HUB_TOKEN: 't' }).token, 't');
  assert.throws(() => hubOptionsFromEnv({ HF_ENDPOINT: 'ftp://x' }), /http\(s\) URL/);
});
