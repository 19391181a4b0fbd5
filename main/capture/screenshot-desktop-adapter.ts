// Capture through the platform's own tools, via screenshot-desktop:
// screencapture on macOS, a bundled batch script on Windows (unpacked from the
// asar, see electron-builder.yml), and on Linux X11 xrandr (the screens, once
// per capture) and ImageMagick's `import` (each screen, PNG at compression
// level 1: its default maximal compression took seconds at 4K). Always PNG: a
// lossy JPEG would blur the very text the model must read.
//
// On Linux the app's default is the in-process X11 capture (x11-adapter.ts),
// which spawns nothing; these tools are its fallback, checked for before use
// so that a missing one is named with the package that provides it.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import screenshot from 'screenshot-desktop';
import { matchScreens, type ListedScreen } from '../../common/display-match.js';
import type { DisplayGeometry } from '../../common/geometry.js';
import { pngSize } from '../../common/png-size.js';
import { CaptureError, pngFrame, type CaptureAdapter, type DisplayCapture } from './capture-adapter.js';
import { createX11Adapter } from './x11-adapter.js';
import { messageOf } from '../../common/message-of.js';

/** The Linux tools this adapter runs, and the Debian/Ubuntu package of each. */
export const linuxCaptureTools = [
  { command: 'xrandr', debianPackage: 'x11-xserver-utils' },
  { command: 'import', debianPackage: 'imagemagick' },
] as const;

async function onPath(command: string, searchPath: string): Promise<boolean> {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    try {
      await access(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** The Linux capture tools that are not on PATH. */
export async function missingLinuxTools(
  searchPath = process.env.PATH ?? '',
): Promise<(typeof linuxCaptureTools)[number][]> {
  const found = await Promise.all(linuxCaptureTools.map((tool) => onPath(tool.command, searchPath)));
  return linuxCaptureTools.filter((_, i) => !found[i]);
}

const list = (words: readonly string[]) =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

type Listed = Awaited<ReturnType<typeof screenshot.listDisplays>>[number];

function toListedScreen(display: Listed): ListedScreen & { source: Listed } {
  if (
    display.width !== undefined &&
    display.height !== undefined &&
    display.offsetX !== undefined &&
    display.offsetY !== undefined
  ) {
    return {
      id: display.id,
      source: display,
      rect: { x: display.offsetX, y: display.offsetY, width: display.width, height: display.height },
      ...(display.primary !== undefined ? { primary: display.primary } : {}),
    };
  }
  if (
    display.left !== undefined &&
    display.top !== undefined &&
    display.right !== undefined &&
    display.bottom !== undefined
  ) {
    return {
      id: display.id,
      source: display,
      rect: {
        x: display.left,
        y: display.top,
        width: display.right - display.left,
        height: display.bottom - display.top,
      },
    };
  }
  return { id: display.id, source: display };
}

function importPng(crop: string, maxBuffer: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'import',
      // The define must come before -crop: import ignores it after (measured: the PNG was as slow and as small).
      ['-silent', '-window', 'root', '-define', 'png:compression-level=1', '-crop', crop, '-screen', 'png:-'],
      { encoding: 'buffer', maxBuffer },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}${stderr.length ? `: ${stderr.toString().trim()}` : ''}`));
        else resolve(stdout);
      },
    );
  });
}

/** xrandr, import, screencapture or the Windows helper, through screenshot-desktop. */
export function createToolsAdapter(): CaptureAdapter {
  const linux = process.platform === 'linux';
  return {
    name: 'screenshot-desktop',
    async captureAll(displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> {
      if (linux) {
        const missing = await missingLinuxTools();
        if (missing.length > 0) {
          const tools = list(missing.map((tool) => tool.command));
          throw new CaptureError(
            `${missing.length === 1 ? `The screen capture tool ${tools} is` : `The screen capture tools ${tools} are`} not installed: install ${list(missing.map((tool) => tool.debianPackage))} (the Debian and Ubuntu package names).`,
            {
              failure: {
                code: 'tools-missing',
                tools: missing.map((tool) => tool.command),
                packages: missing.map((tool) => tool.debianPackage),
              },
            },
          );
        }
      }
      let listed: Listed[];
      try {
        // On Linux: one `xrandr --current`, for every display.
        listed = await screenshot.listDisplays();
      } catch (error) {
        throw new CaptureError(
          linux
            ? `Could not list the screens with xrandr (is this an X11 session?): ${messageOf(error)}`
            : 'Could not list the screens.',
          { cause: error, failure: { code: 'screens-unlisted' } },
        );
      }
      const screens = matchScreens(displays, listed.map(toListedScreen));
      // All displays at once, so every frame shows the same moment.
      return Promise.all(
        displays.map(async (display, index) => {
          const screen = screens[index];
          if (!screen) {
            throw new CaptureError(`Display ${display.id} was not found among the captured screens.`, {
              failure: { code: 'display-missing', displayId: display.id },
            });
          }
          let png: Buffer;
          try {
            const rect = screen.rect;
            png =
              linux && rect
                ? await importPng(
                    `${rect.width}x${rect.height}+${rect.x}+${rect.y}`,
                    Math.max(16 << 20, rect.width * rect.height * 8),
                  )
                : await screenshot({ screen: screen.id, format: 'png' });
          } catch (error) {
            throw new CaptureError(`Could not capture the screen: ${messageOf(error)}`, { cause: error });
          }
          const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
          const size = pngSize(bytes);
          if (!size) {
            throw new CaptureError(`The capture of display ${display.id} is not a PNG image.`, {
              failure: { code: 'not-png', displayId: display.id },
            });
          }
          return { displayId: display.id, image: pngFrame(bytes), ...size };
        }),
      );
    },
  };
}

/**
 * The adapter the app uses where capture-choice.ts says 'screenshot-desktop':
 * on Linux (X11) the in-process X11 capture, with the tools as its fallback;
 * elsewhere the tools.
 */
export function createScreenshotDesktopAdapter(): CaptureAdapter {
  return process.platform === 'linux' ? createX11Adapter({ fallback: createToolsAdapter() }) : createToolsAdapter();
}
