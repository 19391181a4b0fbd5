// The conversation as every request carries it: the capture belongs to one
// user turn (the request's imageTurn: the first question, or the first
// question about a later capture), every other turn is text only (the
// question-language instruction is already in the turns' text).
import type { Turn } from '../../common/engine-protocol.js';

export interface MappedTurn {
  role: 'user' | 'assistant';
  text: string;
  /** Set on the one turn the capture is attached to. */
  withImage: boolean;
}

/** `imageTurn`: the index of the user turn the image goes with; default the first user turn. */
export function mapTurns(turns: readonly Turn[], imageTurn?: number): MappedTurn[] {
  const first = turns.findIndex((turn) => turn.role === 'user');
  const withImage = imageTurn !== undefined && turns[imageTurn]?.role === 'user' ? imageTurn : first;
  return turns.map((turn, index) => ({ role: turn.role, text: turn.text, withImage: index === withImage }));
}
