// THE list of keyboard shortcuts: the `?` dialog and the Settings keyboard card both show it, and
// the README's table says the same. Global keys are handled in audio/keyboard.ts, list keys by the
// track table (components/trackTable).

export interface Shortcut {
  keys: string[];
  action: string;
}

export const shortcuts: Shortcut[] = [
  { keys: ['Space'], action: 'Play / pause' },
  { keys: ['←', '→'], action: 'Seek back / forward 5 s' },
  { keys: ['Ctrl+←', 'Ctrl+→'], action: 'Previous / next track' },
  { keys: ['/'], action: 'Search' },
  { keys: ['M'], action: 'Mute' },
  { keys: ['L'], action: 'Love (favorite) the playing track' },
  { keys: ['?'], action: 'Show the shortcut list' },
  { keys: ['↑', '↓'], action: 'Move in a list (Shift extends the selection)' },
  { keys: ['Enter'], action: 'Play the selected song' },
  { keys: ['Ctrl+A'], action: 'Select every song of the list' },
  { keys: ['Shift+F10'], action: 'Open the menu of the selected songs (also right-click)' },
  { keys: ['Alt+↑', 'Alt+↓'], action: 'Move the selected songs (queue, playlist)' },
  { keys: ['Delete'], action: 'Remove the selected songs (queue, playlist)' },
  { keys: ['Esc'], action: 'Clear the selection, close a menu or dialog' },
];
