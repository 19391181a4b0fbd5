import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pngFrame, type DisplayCapture } from '../../../main/capture/capture-adapter.js';
import { CaptureFlow, type CapturedRegion, type Selection } from '../../../main/capture/capture-flow.js';
import { RegionMemory } from '../../../main/capture/region-memory.js';
import {
  RepeatFlow,
  type RepeatOpened,
  type RepeatProblem,
  type RepeatTarget,
} from '../../../main/capture/repeat-flow.js';
import type { DisplayGeometry, Rect } from '../../../common/geometry.js';
import type { RepeatInto } from '../../../common/settings.js';

// The repeat shortcut with fake ports, after a capture through the real
// capture flow sharing the same region memory: what the user gets, and what
// is never shown (the overlay).
const retina: DisplayGeometry = { id: '1', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scaleFactor: 2 };
const side: DisplayGeometry = { id: '2', bounds: { x: 1280, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
const selection: Selection = { displayId: '1', dipRect: { x: 100, y: 50, width: 300, height: 200 } };

function setup(options: { into?: RepeatInto; deleted?: string[] } = {}) {
  const log: string[] = [];
  const problems: RepeatProblem[] = [];
  const crops: Rect[] = [];
  const opened: Array<{ region: CapturedRegion; target: RepeatTarget }> = [];
  const state = {
    displays: [retina, side],
    /** The size each display's capture comes out at (its resolution now). */
    sizes: new Map<string, { width: number; height: number }>(),
    into: options.into ?? ('same-conversation' as RepeatInto),
    deleted: new Set(options.deleted ?? []),
    access: 'not-needed' as 'granted' | 'denied' | 'not-needed',
    captureFails: false,
    /** The overlay's answer: held until `select` resolves it, when set to 'wait'. */
    overlay: 'select' as 'select' | 'wait',
  };
  let conversations = 0;
  let releaseOverlay: ((selection: Selection | undefined) => void) | undefined;
  const regions = new RegionMemory();
  const common = {
    displays: () => state.displays,
    screenAccess: () => state.access,
    hideOwnWindows: async () => {
      log.push('hide');
      return () => log.push('restore');
    },
    adapter: {
      name: 'fake',
      captureAll: async (list: readonly DisplayGeometry[]) => {
        log.push(`capture:${list.map((display) => display.id).join(',')}`);
        if (state.captureFails) throw new Error('The X server went away.');
        return list.map<DisplayCapture>((display) => ({
          displayId: display.id,
          image: pngFrame(new Uint8Array([Number(display.id)])),
          ...(state.sizes.get(display.id) ?? {
            width: display.bounds.width * display.scaleFactor,
            height: display.bounds.height * display.scaleFactor,
          }),
        }));
      },
    },
    crop: async (capture: Uint8Array, rect: Rect) => {
      log.push('crop');
      crops.push(rect);
      return { png: new Uint8Array([capture[0] ?? 0, rect.x, rect.y]), width: rect.width, height: rect.height };
    },
    regions,
  };
  const capture = new CaptureFlow({
    ...common,
    overlays: {
      select: (captures) => {
        log.push(`overlays:${captures.length}`);
        if (state.overlay === 'wait') return new Promise((resolve) => (releaseOverlay = resolve));
        return Promise.resolve(selection);
      },
      cancel: () => releaseOverlay?.(undefined),
    },
    openConversation: async () => {
      log.push('open:new');
      return `c${++conversations}`;
    },
    report: (problem) => problems.push(problem),
  });
  const repeat = new RepeatFlow({
    ...common,
    capturing: () => capture.active,
    into: async () => state.into,
    open: async (region, target): Promise<RepeatOpened> => {
      opened.push({ region, target });
      if (target.into === 'new-conversation') {
        log.push('open:new');
        return `c${++conversations}`;
      }
      if (state.deleted.has(target.conversationId)) return 'gone';
      log.push(`open:into:${target.conversationId}`);
      return target.conversationId;
    },
    report: (problem) => problems.push(problem),
  });
  return { log, problems, crops, opened, state, regions, capture, repeat, release: () => releaseOverlay };
}

test('the repeat crops the same rectangle of the same display, without the overlay, into the same conversation', async () => {
  const fake = setup();
  assert.equal(await fake.capture.trigger(), 'captured');
  fake.log.length = 0;

  assert.equal(await fake.repeat.trigger(), 'captured');
  // Our windows hidden, only that display grabbed, no overlay, the same pixels cut.
  assert.deepEqual(fake.log, ['hide', 'capture:1', 'restore', 'crop', 'open:into:c1']);
  assert.deepEqual(fake.crops, [
    { x: 200, y: 100, width: 600, height: 400 },
    { x: 200, y: 100, width: 600, height: 400 },
  ]);
  const [repeated] = fake.opened;
  assert.deepEqual(repeated?.target, { into: 'same-conversation', conversationId: 'c1' });
  assert.deepEqual([repeated?.region.width, repeated?.region.height, repeated?.region.displayId], [600, 400, '1']);
  assert.deepEqual(fake.problems, []);
});

test('with "new conversation" each repeat opens its own, and the next one in "same" goes to the latest', async () => {
  const fake = setup({ into: 'new-conversation' });
  await fake.capture.trigger();
  await fake.repeat.trigger();
  await fake.repeat.trigger();
  assert.deepEqual(
    fake.opened.map((entry) => entry.target),
    [{ into: 'new-conversation' }, { into: 'new-conversation' }],
  );
  assert.equal(fake.regions.last?.conversationId, 'c3');
  fake.state.into = 'same-conversation';
  await fake.repeat.trigger();
  assert.deepEqual(fake.opened.at(-1)?.target, { into: 'same-conversation', conversationId: 'c3' });
});

test('the conversation was deleted meanwhile: the repeat opens a new one, and the next repeat joins that', async () => {
  const fake = setup({ deleted: ['c1'] });
  await fake.capture.trigger();
  assert.equal(await fake.repeat.trigger(), 'captured');
  assert.deepEqual(
    fake.opened.map((entry) => entry.target),
    [{ into: 'same-conversation', conversationId: 'c1' }, { into: 'new-conversation' }],
  );
  await fake.repeat.trigger();
  assert.deepEqual(fake.opened.at(-1)?.target, { into: 'same-conversation', conversationId: 'c2' });
  assert.deepEqual(fake.problems, []);
});

test('before any region was selected the repeat says so, and captures nothing', async () => {
  const fake = setup();
  assert.equal(await fake.repeat.trigger(), 'failed');
  assert.deepEqual(fake.problems, [{ kind: 'no-region' }]);
  assert.deepEqual(fake.log, []);
});

test('the region’s display was unplugged: said, and nothing is captured', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.log.length = 0;
  fake.state.displays = [side];
  assert.equal(await fake.repeat.trigger(), 'failed');
  assert.deepEqual(fake.problems, [{ kind: 'display-gone' }]);
  assert.deepEqual(fake.log, []);
});

test('the display’s resolution changed: the region no longer fits, said; our windows come back', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.log.length = 0;
  fake.state.sizes.set('1', { width: 1280, height: 800 });
  assert.equal(await fake.repeat.trigger(), 'failed');
  assert.deepEqual(fake.problems, [{ kind: 'region-changed' }]);
  assert.deepEqual(fake.log, ['hide', 'capture:1', 'restore']);
  assert.equal(fake.opened.length, 0);
});

test('a display moved in the layout but at the same resolution: the same pixels are cut', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.state.displays = [side, { ...retina, bounds: { ...retina.bounds, x: -1280 } }];
  assert.equal(await fake.repeat.trigger(), 'captured');
  assert.deepEqual(fake.crops.at(-1), { x: 200, y: 100, width: 600, height: 400 });
});

test('a capture that fails is reported as a capture’s failure, and our windows come back', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.log.length = 0;
  fake.state.captureFails = true;
  assert.equal(await fake.repeat.trigger(), 'failed');
  assert.deepEqual(fake.problems, [
    { kind: 'capture-failed', message: 'The X server went away.', failure: { code: 'failed' } },
  ]);
  assert.deepEqual(fake.log, ['hide', 'capture:1', 'restore']);
});

test('without screen-recording permission the repeat captures nothing and says so', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.log.length = 0;
  fake.state.access = 'denied';
  assert.equal(await fake.repeat.trigger(), 'failed');
  assert.deepEqual(fake.problems, [{ kind: 'screen-access-denied' }]);
  assert.deepEqual(fake.log, []);
});

test('pressed while a capture’s overlays are up, the repeat does nothing; the capture goes on', async () => {
  const fake = setup();
  await fake.capture.trigger();
  fake.log.length = 0;
  fake.state.overlay = 'wait';
  const capturing = fake.capture.trigger();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await fake.repeat.trigger(), 'ignored');
  assert.deepEqual(fake.log, ['hide', 'capture:1,2', 'overlays:2']);
  fake.release()?.({ displayId: '2', dipRect: { x: 1300, y: 20, width: 50, height: 40 } });
  assert.equal(await capturing, 'captured');
  // The new selection is the region from now on.
  assert.deepEqual(fake.regions.last?.pixelRect, { x: 20, y: 20, width: 50, height: 40 });
  assert.deepEqual(fake.problems, []);
});

test('pressed twice quickly, the second press is ignored rather than capturing twice', async () => {
  const fake = setup();
  await fake.capture.trigger();
  const [first, second] = await Promise.all([fake.repeat.trigger(), fake.repeat.trigger()]);
  assert.deepEqual([first, second], ['captured', 'ignored']);
  assert.equal(fake.opened.length, 1);
});
