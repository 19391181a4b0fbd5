import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CaptureFlow,
  type CaptureFlowPorts,
  type CapturedRegion,
  type CaptureProblem,
  type Selection,
} from '../../../main/capture/capture-flow.js';
import { CaptureError, pngFrame, type DisplayCapture } from '../../../main/capture/capture-adapter.js';
import { pngSize } from '../../../common/png-size.js';
import type { DisplayGeometry, Rect } from '../../../common/geometry.js';
import { RegionMemory } from '../../../main/capture/region-memory.js';

// The flow with fake ports: what happens, in which order, for the user.
const displays: DisplayGeometry[] = [
  { id: '1', bounds: { x: 0, y: 0, width: 1280, height: 800 }, scaleFactor: 2 },
  { id: '2', bounds: { x: 1280, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
];

function fakePorts(
  options: {
    selection?: Selection | 'wait';
    access?: 'granted' | 'denied' | 'not-needed';
    captureFails?: boolean;
    /** The chat cannot open the capture (the port told the user). */
    openFails?: boolean;
    /** Frames as raw RGBA (the X11 capture) rather than PNG. */
    rgba?: boolean;
  } = {},
) {
  const log: string[] = [];
  const problems: CaptureProblem[] = [];
  const opened: CapturedRegion[] = [];
  const crops: Rect[] = [];
  const regions = new RegionMemory();
  let resolveSelection: ((selection: Selection | undefined) => void) | undefined;
  const ports: CaptureFlowPorts = {
    displays: () => displays,
    screenAccess: () => options.access ?? 'not-needed',
    hideOwnWindows: async () => {
      log.push('hide');
      return () => log.push('restore');
    },
    adapter: {
      name: 'fake',
      captureAll: async (list) => {
        log.push('capture');
        if (options.captureFails) {
          throw new CaptureError('The screen capture tool import is not installed: install imagemagick.', {
            failure: { code: 'tools-missing', tools: ['import'], packages: ['imagemagick'] },
          });
        }
        return list.map<DisplayCapture>((d) => {
          const width = d.bounds.width * d.scaleFactor;
          const height = d.bounds.height * d.scaleFactor;
          const image = options.rgba
            ? { format: 'rgba' as const, bytes: new Uint8Array(width * height * 4).fill(200) }
            : pngFrame(new Uint8Array([d.id.length]));
          return { displayId: d.id, image, width, height };
        });
      },
    },
    overlays: {
      select: (captures) => {
        log.push(`overlays:${captures.length}`);
        if (options.selection === 'wait') return new Promise((resolve) => (resolveSelection = resolve));
        return Promise.resolve(options.selection);
      },
      cancel: () => {
        log.push('cancel');
        resolveSelection?.(undefined);
      },
    },
    crop: async (_capture, rect) => {
      log.push('crop');
      crops.push(rect);
      return { png: new Uint8Array([1, 2, 3]), width: rect.width, height: rect.height };
    },
    openConversation: async (region) => {
      log.push('open');
      opened.push(region);
      return options.openFails ? undefined : `conversation-${opened.length}`;
    },
    regions,
    report: (problem) => problems.push(problem),
  };
  return { ports, log, problems, opened, crops, regions };
}

test('hotkey to conversation: hide, freeze every display, select, crop at device pixels, open', async () => {
  const fake = fakePorts({ selection: { displayId: '1', dipRect: { x: 100, y: 50, width: 300, height: 200 } } });
  const outcome = await new CaptureFlow(fake.ports).trigger();
  assert.equal(outcome, 'captured');
  assert.deepEqual(fake.log, ['hide', 'capture', 'overlays:2', 'restore', 'crop', 'open']);
  assert.deepEqual(fake.crops, [{ x: 200, y: 100, width: 600, height: 400 }]);
  assert.deepEqual(
    fake.opened.map((r) => [r.displayId, r.width, r.height]),
    [['1', 600, 400]],
  );
});

test('a raw RGBA frame is cut in main, without the engine; the region is a PNG of the selected pixels', async () => {
  const fake = fakePorts({
    selection: { displayId: '1', dipRect: { x: 100, y: 50, width: 300, height: 200 } },
    rgba: true,
  });
  assert.equal(await new CaptureFlow(fake.ports).trigger(), 'captured');
  assert.deepEqual(fake.log, ['hide', 'capture', 'overlays:2', 'restore', 'open']);
  const region = fake.opened[0];
  assert.ok(region);
  assert.deepEqual([region.width, region.height], [600, 400]);
  assert.deepEqual(pngSize(region.png), { width: 600, height: 400 });
});

test('the selected region is remembered for the repeat shortcut: its display, its rectangle, its conversation', async () => {
  const fake = fakePorts({ selection: { displayId: '1', dipRect: { x: 100, y: 50, width: 300, height: 200 } } });
  assert.equal(fake.regions.last, undefined, 'nothing to repeat before a capture');
  await new CaptureFlow(fake.ports).trigger();
  assert.deepEqual(fake.regions.last, {
    display: displays[0],
    dipRect: { x: 100, y: 50, width: 300, height: 200 },
    pixelRect: { x: 200, y: 100, width: 600, height: 400 },
    captureSize: { width: 2560, height: 1600 },
    conversationId: 'conversation-1',
  });
});

test('a cancelled capture keeps the region from before; one the chat could not open has no conversation', async () => {
  const fake = fakePorts({ selection: { displayId: '2', dipRect: { x: 1300, y: 10, width: 100, height: 50 } } });
  await new CaptureFlow(fake.ports).trigger();
  const kept = fake.regions.last;
  assert.equal(
    await new CaptureFlow({
      ...fake.ports,
      overlays: { ...fake.ports.overlays, select: async () => undefined },
    }).trigger(),
    'cancelled',
  );
  assert.equal(fake.regions.last, kept);

  const failing = fakePorts({
    selection: { displayId: '2', dipRect: { x: 1300, y: 10, width: 100, height: 50 } },
    openFails: true,
  });
  assert.equal(await new CaptureFlow(failing.ports).trigger(), 'failed');
  assert.deepEqual(failing.regions.last?.pixelRect, { x: 20, y: 10, width: 100, height: 50 });
  assert.equal(failing.regions.last?.conversationId, undefined);
});

test('pressing the hotkey again while the overlays are up cancels everywhere', async () => {
  const fake = fakePorts({ selection: 'wait' });
  const flow = new CaptureFlow(fake.ports);
  const first = flow.trigger();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(flow.active, true);
  const second = flow.trigger();
  assert.equal(await first, 'cancelled');
  assert.equal(await second, 'cancelled');
  assert.equal(flow.active, false);
  assert.ok(fake.log.includes('cancel') && fake.log.includes('restore'));
  assert.deepEqual(fake.opened, []);
});

test('Esc on the overlays cancels: windows come back, nothing opens', async () => {
  const fake = fakePorts({ selection: undefined });
  assert.equal(await new CaptureFlow(fake.ports).trigger(), 'cancelled');
  assert.deepEqual(fake.log, ['hide', 'capture', 'overlays:2', 'restore']);
});

test('without screen-recording permission nothing is captured and the user is told', async () => {
  const fake = fakePorts({ access: 'denied' });
  assert.equal(await new CaptureFlow(fake.ports).trigger(), 'failed');
  assert.deepEqual(fake.problems, [{ kind: 'screen-access-denied' }]);
  assert.deepEqual(fake.log, []);
});

test('a failed capture is reported and our windows come back', async () => {
  const fake = fakePorts({ captureFails: true });
  assert.equal(await new CaptureFlow(fake.ports).trigger(), 'failed');
  assert.deepEqual(fake.log, ['hide', 'capture', 'restore']);
  // The English account for the log, and the failure main words in the app's language.
  assert.deepEqual(fake.problems, [
    {
      kind: 'capture-failed',
      message: 'The screen capture tool import is not installed: install imagemagick.',
      failure: { code: 'tools-missing', tools: ['import'], packages: ['imagemagick'] },
    },
  ]);
});

test('a one-pixel selection is refused with the reason', async () => {
  const fake = fakePorts({ selection: { displayId: '2', dipRect: { x: 1300, y: 10, width: 1, height: 50 } } });
  assert.equal(await new CaptureFlow(fake.ports).trigger(), 'failed');
  assert.deepEqual(fake.problems, [
    { kind: 'bad-selection', message: 'The selection is only 1x50 pixels: select a larger region.' },
  ]);
});
