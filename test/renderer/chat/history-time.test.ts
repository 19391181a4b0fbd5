import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relativeTime } from '../../../renderer/chat/history-time.js';

// When a conversation was last used, in the page's language: relative while
// it is recent, then a short date (with the year once it is another year's).
const now = new Date(2025, 5, 15, 12, 0).getTime();
const minute = 60_000;
const hour = 60 * minute;
const spaced = (text: string | undefined) => text?.replace(/\s/g, ' ');

test('recent times are relative, older ones a short date', () => {
  assert.equal(relativeTime(now - 20_000, now, 'en'), undefined, 'under a minute: the page says "Just now"');
  assert.equal(relativeTime(now - 5 * minute, now, 'en'), '5 min. ago');
  assert.equal(spaced(relativeTime(now - 2 * hour, now, 'fr')), 'il y a 2 h');
  assert.equal(relativeTime(now - 16 * hour, now, 'en'), '16 hr. ago');
  assert.equal(relativeTime(new Date(2025, 5, 14, 6, 0).getTime(), now, 'en'), 'yesterday');
  assert.equal(spaced(relativeTime(new Date(2025, 5, 12, 9, 0).getTime(), now, 'fr')), 'il y a 3 j');
  assert.equal(relativeTime(new Date(2025, 2, 4, 9, 0).getTime(), now, 'en'), 'Mar 4');
  assert.equal(spaced(relativeTime(new Date(2024, 9, 25).getTime(), now, 'fr')), '25 oct. 2024');
});
