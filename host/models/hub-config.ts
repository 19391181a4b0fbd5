// Which hub to talk to and how: the endpoint (HF_ENDPOINT points at a mirror),
// the optional access token for gated or private repositories, and the URLs
// of the hub's API. The layout is the public Hugging Face hub API, the one
// huggingface_hub uses:
//   GET {endpoint}/api/models/{repo}/tree/{revision}?recursive=true   file listing (paginated by Link headers)
//   GET {endpoint}/{repo}/resolve/{revision}/{path}                   file content (Range supported)
export interface HubOptions {
  /** Base URL without a trailing slash, e.g. https://huggingface.co. */
  endpoint: string;
  /** Read token for gated or private repositories. Sent only to the endpoint's origin, never printed. */
  token?: string;
}

export const defaultEndpoint = 'https://huggingface.co';

/** Hub settings from the environment, with the names huggingface_hub reads. */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const token = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  return { endpoint: normalizeEndpoint(env.HF_ENDPOINT || defaultEndpoint), ...(token ? { token } : {}) };
}

export function normalizeEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The hub endpoint must be an http(s) URL, not "${endpoint}".`);
  }
  return url.href.replace(/\/+$/, '');
}

/** host[:port] of the endpoint, for messages. */
export function hubHost(hub: HubOptions): string {
  return new URL(hub.endpoint).host;
}

function encodePath(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}

function encodeRepo(repo: string): string {
  return repo.split('/').map(encodeURIComponent).join('/');
}

export function treeUrl(hub: HubOptions, repo: string, revision: string): string {
  return `${hub.endpoint}/api/models/${encodeRepo(repo)}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

export function resolveUrl(hub: HubOptions, repo: string, revision: string, filePath: string): string {
  return `${hub.endpoint}/${encodeRepo(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(filePath)}`;
}

/** Request headers for a URL: the token only goes to the endpoint's own origin. */
export function hubHeaders(hub: HubOptions, url: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'sightline-model-downloader/1', ...extra };
  if (hub.token && new URL(url).origin === new URL(hub.endpoint).origin) headers.authorization = `Bearer ${hub.token}`;
  return headers;
}
