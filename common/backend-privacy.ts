// What the UI says about where captures go. Local is the default and sends
// nothing; a server on this machine (loopback) does not send captures off
// it either; anything else does, and the user must see that plainly. When in
// doubt (a name that might resolve anywhere, 0.0.0.0) it counts as off the
// machine: understating where a capture goes is the mistake not to make.
import type { BackendSettings } from './backend-settings.js';

export interface BackendPrivacy {
  sendsOffMachine: boolean;
  /** host[:port] the captures go to; undefined for the local engine. */
  host: string | undefined;
  /** One sentence for the chat and settings pages. */
  sentence: string;
}

export function describeBackendPrivacy(settings: BackendSettings): BackendPrivacy {
  if (settings.kind === 'local') {
    return {
      sendsOffMachine: false,
      host: undefined,
      sentence: 'Captures stay on this computer: the model runs here.',
    };
  }
  let url: URL;
  try {
    url = new URL(settings.baseUrl);
  } catch {
    return {
      sendsOffMachine: true,
      host: settings.baseUrl,
      sentence: `Captures and questions are sent to ${settings.baseUrl}, which is not a valid address.`,
    };
  }
  const host = url.host;
  const server = settings.kind === 'ollama' ? 'the Ollama server' : 'the model server';
  if (isLoopbackHost(url.hostname)) {
    return {
      sendsOffMachine: false,
      host,
      sentence: `Captures stay on this computer: they go to ${server} at ${host}, on this machine.`,
    };
  }
  const unencrypted = url.protocol === 'http:' ? ', unencrypted (http)' : '';
  return {
    sendsOffMachine: true,
    host,
    sentence: `Captures and your questions leave this computer: they are sent to ${server} at ${host}${unencrypted}.`,
  };
}

/**
 * localhost, 127.0.0.0/8 and ::1 (also written as IPv4-mapped ::ffff:127.x.y.z).
 * Takes URL.hostname, so IPv4 is already normalised (127.1 → 127.0.0.1,
 * 0x7f000001 → 127.0.0.1) and IPv6 is in brackets.
 */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  if (!name.startsWith('[') || !name.endsWith(']')) return false;
  const v6 = name.slice(1, -1);
  if (v6 === '::1') return true;
  // WHATWG URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1: the high 16 bits hold 127.x.
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(v6);
  return mapped !== null && parseInt(mapped[1]!, 16) >> 8 === 127;
}
