import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesSearch, searchTerms } from '../../../renderer/chat/history-search.js';

// The history's search: every word typed must be found, in the title, the
// quick action's label or the conversation's words, whatever the case and accents.
const row = { title: 'Le disque est plein', actionLabel: 'Expliquer cette erreur', searchText: 'rapport.docx' };

test('every word must be found, in any field, whatever the case and accents', () => {
  assert.equal(matchesSearch(row, searchTerms('')), true, 'a blank search keeps every row');
  assert.equal(matchesSearch(row, searchTerms('  DISQUE   rapport ')), true);
  assert.equal(matchesSearch(row, searchTerms('expliquer')), true);
  assert.equal(matchesSearch({ ...row, title: 'Écran bleu' }, searchTerms('ecran')), true);
  assert.equal(matchesSearch({ ...row, title: 'Ecran bleu' }, searchTerms('écran')), true);
  assert.equal(matchesSearch(row, searchTerms('disque zebra')), false);
});
