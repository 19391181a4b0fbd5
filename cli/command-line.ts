// What every `sightline` subcommand does with its arguments first: Node's
// parseArgs over the options it declares, with positionals allowed, and a bad
// flag turned into a UsageError, which the command prints with its usage and
// exits 2 for.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { messageOf } from '../common/message-of.js';

/** A command line the user got wrong: the message says what, for the user. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandLine<const T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs<{ args: string[]; allowPositionals: true; options: T }>({
      args: argv,
      allowPositionals: true,
      options,
    });
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}
