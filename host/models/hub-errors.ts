// What an HTTP status from the hub means for the user. 401/403/404 will not
// pass by retrying: they become errors that say what to do (a token, a
// licence to accept, an out-of-date catalog). 408/429/5xx are retried.
import { hubHost, type HubOptions } from './hub-config.js';
import { TransientError, retryAfterMs } from './http-retry.js';
import { ModelError } from './model-error.js';

export interface StatusContext {
  hub: HubOptions;
  repo: string;
  revision: string;
  /** The file being fetched; absent for the file listing. */
  file?: string;
  progressed?: boolean;
}

export function statusError(response: Response, context: StatusContext): ModelError | TransientError {
  const { status } = response;
  const { hub, repo } = context;
  const rev = context.revision.slice(0, 12);
  const what = context.file ? `${context.file} of ${repo}` : `the file list of ${repo}`;
  if (status === 408 || status === 429 || status >= 500) {
    return new TransientError(
      'status',
      `HTTP ${status}`,
      context.progressed ?? false,
      status,
      retryAfterMs(response.headers.get('retry-after')),
    );
  }
  if (status === 401) {
    return new ModelError(
      'unauthorized',
      hub.token
        ? `${hubHost(hub)} rejected the access token for ${repo} (HTTP 401). Check that HF_TOKEN holds a valid read token.`
        : `${hubHost(hub)} refused access to ${repo} (HTTP 401): the repository is gated, private or gone. ` +
            `If you have access, set HF_TOKEN to a read token.`,
    );
  }
  if (status === 403) {
    return new ModelError(
      'unauthorized',
      `${hubHost(hub)} denies access to ${repo} (HTTP 403). Accept the model's licence on ${hub.endpoint}/${repo}` +
        (hub.token ? ' with the account of your HF_TOKEN' : ' and set HF_TOKEN to a read token') +
        ', then try again.',
    );
  }
  if (status === 404) {
    return new ModelError(
      'not-found',
      `${hubHost(hub)} has no ${what} at revision ${rev} (HTTP 404). ` +
        'The catalog entry may be out of date: update Sightline, or check HF_ENDPOINT if you use a mirror.',
    );
  }
  return new ModelError(
    'bad-response',
    `${hubHost(hub)} answered HTTP ${status} for ${what}, which Sightline cannot use.`,
  );
}
