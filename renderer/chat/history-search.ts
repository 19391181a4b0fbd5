// The history's search: a conversation matches when every word typed is found
// in what it is called or in its words (questions, answers, the capture's
// text, as the host lists them), whatever the case and accents, so "ecran"
// finds "écran".

/** What one row is searched by. */
export interface Searchable {
  title: string;
  /** The quick action's label, in the page's language. */
  actionLabel?: string | undefined;
  searchText?: string | undefined;
}

/** Lower case, accents off: how both sides of a search are compared. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The query's words, folded; none for a blank query (everything matches). */
export function searchTerms(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

export function matchesSearch(item: Searchable, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const haystack = foldForSearch([item.title, item.actionLabel ?? '', item.searchText ?? ''].join('\n'));
  return terms.every((term) => haystack.includes(term));
}
