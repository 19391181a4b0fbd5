import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface VirtualDisplay {
  /** ":N" */
  display: string;
  stop(): Promise<void>;
}

/**
 * Starts an Xvfb X server on a free display number (Xvfb picks it and writes
 * it to a pipe). A machine without Xvfb fails the test with the fix.
 */
export async function startXvfb(width: number, height: number): Promise<VirtualDisplay> {
  if (!existsSync('/usr/bin/Xvfb')) {
    throw new Error('Xvfb is not installed: apt-get install xvfb xauth x11-xserver-utils imagemagick');
  }
  const server: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${err}`)), 15_000);
    server.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    server.stdio[3]?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${err}`));
    });
  });
  return {
    display: `:${number}`,
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      }),
  };
}
