// The sentences the engine host shows users when the engine stops. They end
// up in the chat panel, so they say what happened and what to do, in words.
import type { EngineError } from '../../common/engine-protocol.js';
import type { EngineExit } from './engine-process.js';

export interface ExitContext extends EngineExit {
  /** The engine had answered hello. */
  started: boolean;
  /** The host killed it for not answering hello in time. */
  startTimeoutMs: number | undefined;
}

/** "exit code 1", "signal SIGSEGV", "it did not start within 30 seconds". */
export function describeExit(exit: ExitContext): string {
  if (exit.startTimeoutMs !== undefined) {
    return `it did not start within ${seconds(exit.startTimeoutMs)}`;
  }
  const how =
    exit.signal !== null ? `signal ${exit.signal}` : exit.code !== null ? `exit code ${exit.code}` : 'it could not run';
  return exit.started ? how : `${how}, while starting`;
}

function seconds(ms: number): string {
  const value = Math.round(ms / 100) / 10;
  return `${value} second${value === 1 ? '' : 's'}`;
}

export function crashedRestarting(description: string): EngineError {
  return {
    code: 'engine-crashed',
    message: `The engine stopped unexpectedly (${description}); restarting it. Your conversation is kept — ask again.`,
  };
}

export function crashedGivenUp(description: string, reason: string): EngineError {
  return {
    code: 'engine-crashed',
    message: `The engine stopped unexpectedly (${description}). ${reason} Your conversation is kept.`,
  };
}

/** For every ask() after the host gave up. */
export function gaveUp(reason: string): EngineError {
  return { code: 'engine-crashed', message: `${reason} Restart Sightline to try again.` };
}

/** For an answer cut short because the engine was restarted to stop another one. */
export const restartedForStop: EngineError = {
  code: 'engine-crashed',
  message:
    'The engine was restarted to stop another answer, which cut this one short. Your conversation is kept — ask again.',
};

export const closedUnfinished: EngineError = {
  code: 'internal',
  message: 'The engine closed this answer without finishing it.',
};

export const hostDisposed: EngineError = { code: 'internal', message: 'The engine has been shut down.' };

export const fillInterrupted = 'The engine stopped while hiding the areas you chose. Send again.';
export const cropInterrupted = 'The engine stopped while cutting out the selected region. Capture again.';

export const resizeInterrupted = 'The engine stopped while preparing the capture for the model server. Ask again.';

export const readTextInterrupted = "The engine stopped while reading the capture's text.";
export const prepareImageInterrupted = 'The engine stopped while it was reading the capture for the model.';
