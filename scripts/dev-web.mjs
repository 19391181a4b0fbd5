// `npm run dev:web [-- options]`: builds the pages, then starts the
// development web host (web-host/cli.ts) — the chat panel in a browser,
// against the real engine — and prints the URL to open. --no-build skips the
// build; every other option goes to the host (--help lists them). With
// --capture and a host already running on the port, the host takes the images
// to its open pages (web-host/open-captures.ts), so nothing is built.
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const hostArgs = args.filter((arg) => arg !== '--no-build');
const skipBuild =
  args.includes('--no-build') || args.includes('--help') || args.includes('-h') || (await capturesForRunningHost());

/** --capture given and a web host already answering on the port: rebuilding its pages would serve no one. */
async function capturesForRunningHost() {
  const { values } = parseArgs({
    args: hostArgs,
    strict: false,
    options: { capture: { type: 'string', multiple: true }, port: { type: 'string' } },
  });
  if (!values.capture) return false;
  const port = String(values.port ?? 5178);
  try {
    const response = await fetch(`http://127.0.0.1:${port}/chat/index.html`, { signal: AbortSignal.timeout(2000) });
    return response.ok && (await response.text()).includes('name="sightline-web-host"');
  } catch {
    return false;
  }
}

function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (!skipBuild) {
  const code = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) process.exit(code);
}
process.exit(await run(process.execPath, ['--import', 'tsx', 'web-host/cli.ts', ...hostArgs]));
