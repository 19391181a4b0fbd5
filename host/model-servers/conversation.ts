// The conversation as every request carries it: the capture belongs to the
// first user turn (the question-language instruction is already in the
// turns' text), later turns are text only.
import type { Turn } from '../../common/engine-protocol.js';

export interface MappedTurn {
  role: 'user' | 'assistant';
  text: string;
  /** Set on the one turn the capture is attached to. */
  withImage: boolean;
}

export function mapTurns(turns: readonly Turn[]): MappedTurn[] {
  const first = turns.findIndex((turn) => turn.role === 'user');
  return turns.map((turn, index) => ({ role: turn.role, text: turn.text, withImage: index === first }));
}
