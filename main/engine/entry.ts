// Entry of the engine process. Node only: never imports electron.
import { EngineToHost, HostToEngine } from '../core/engine-protocol.js';
import { describeIssues } from '../core/schema.js';
import { connectToHost } from './host-port.js';
import { runtimeInfo } from './runtime-info.js';

const host = connectToHost();

function reply(message: EngineToHost): void {
  host.send(EngineToHost.parse(message));
}

host.onMessage((raw) => {
  const parsed = HostToEngine.safeParse(raw);
  if (!parsed.success) {
    reply({ type: 'protocol-error', message: `Malformed message from host: ${describeIssues(parsed.error)}` });
    return;
  }
  switch (parsed.data.type) {
    case 'hello':
      reply({ type: 'ready', runtime: runtimeInfo() });
      break;
  }
});
