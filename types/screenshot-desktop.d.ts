// screenshot-desktop ships no types; this is the part Sightline uses.
declare module 'screenshot-desktop' {
  interface ScreenshotOptions {
    screen?: string | number;
    format?: 'png' | 'jpg' | 'jpeg' | 'bmp' | 'tiff' | 'gif';
    filename?: string;
    linuxLibrary?: 'imagemagick' | 'scrot';
  }
  interface ListedDisplay {
    id: string | number;
    name?: string;
    primary?: boolean;
    /** linux (xrandr) */
    width?: number;
    height?: number;
    offsetX?: number;
    offsetY?: number;
    /** win32 */
    top?: number;
    left?: number;
    right?: number;
    bottom?: number;
    dpiScale?: number;
  }
  function screenshot(options?: ScreenshotOptions): Promise<Buffer>;
  namespace screenshot {
    function listDisplays(): Promise<ListedDisplay[]>;
  }
  export default screenshot;
}
