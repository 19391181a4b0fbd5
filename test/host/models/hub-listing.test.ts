import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextPage } from '../../../host/models/hub-listing.js';

// The hub's file list comes in pages linked by Link headers.
test('the Link header names the next page; a next page off the hub is not followed', () => {
  const hub = { endpoint: 'https://hub.example' };
  assert.equal(
    nextPage('<https://hub.example/api/models/a/b/tree/x?cursor=2>; rel="next"', hub),
    'https://hub.example/api/models/a/b/tree/x?cursor=2',
  );
  assert.equal(nextPage('</api/x?cursor=3>; rel="next"', hub), 'https://hub.example/api/x?cursor=3');
  assert.equal(nextPage('<https://evil.example/steal>; rel="next"', hub), undefined);
  assert.equal(nextPage('<https://hub.example/x>; rel="prev"', hub), undefined);
});
