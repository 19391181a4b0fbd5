// Which capture adapter a platform uses by default.
// - Linux on X11: screenshot-desktop (xrandr + ImageMagick import), measured
//   on Xvfb (see the capture benchmark); it captures every screen at device
//   resolution without a permission prompt.
// - Linux on Wayland: desktopCapturer, through the desktop portal: X11 tools
//   cannot see a Wayland screen.
// - macOS and Windows: desktopCapturer, in process: screenshot-desktop spawns
//   screencapture (macOS) or compiles and runs a batch helper (Windows) for
//   every capture. (Not measured on those systems yet.)
export type CaptureAdapterName = 'screenshot-desktop' | 'desktopCapturer';

export function defaultCaptureAdapter(platform: string, sessionType: string | undefined): CaptureAdapterName {
  if (platform === 'linux') return sessionType === 'wayland' ? 'desktopCapturer' : 'screenshot-desktop';
  return 'desktopCapturer';
}
