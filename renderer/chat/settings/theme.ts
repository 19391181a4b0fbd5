// The page applies the theme itself: data-theme on <html> wins over the
// system's preference in base.css; "system" removes it.
import type { Settings } from '../../../common/settings.js';

export function applyTheme(theme: Settings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
