// Refuses and records every outbound connection this process tries: TCP and
// TLS sockets, DNS look-ups, fetch. Installed by tests that prove a code path
// never touches the network (the engine must run fully offline).
import dns from 'node:dns';
import net from 'node:net';

export interface NetworkGuard {
  attempts: string[];
  uninstall(): void;
}

export function installNetworkGuard(): NetworkGuard {
  const attempts: string[] = [];
  const refuse = (what: string) => {
    attempts.push(what);
    return new Error(`network access refused by the test: ${what}`);
  };
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  const originalPromisesLookup = dns.promises.lookup;
  const originalFetch = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const target = args[0];
    const described =
      typeof target === 'object' && target !== null
        ? JSON.stringify({
            host: (target as net.TcpNetConnectOpts).host,
            port: (target as net.TcpNetConnectOpts).port,
            path: (target as net.IpcNetConnectOpts).path,
          })
        : String(target);
    throw refuse(`socket connect ${described}`);
  } as typeof net.Socket.prototype.connect;
  dns.lookup = ((hostname: string) => {
    throw refuse(`dns lookup ${hostname}`);
  }) as unknown as typeof dns.lookup;
  dns.promises.lookup = ((hostname: string) =>
    Promise.reject(refuse(`dns lookup ${hostname}`))) as typeof dns.promises.lookup;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0]) => {
    const url = input instanceof Request ? input.url : String(input);
    return Promise.reject(refuse(`fetch ${url}`));
  }) as typeof fetch;
  return {
    attempts,
    uninstall() {
      net.Socket.prototype.connect = originalConnect;
      dns.lookup = originalLookup;
      dns.promises.lookup = originalPromisesLookup;
      globalThis.fetch = originalFetch;
    },
  };
}
