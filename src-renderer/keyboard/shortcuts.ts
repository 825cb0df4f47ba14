/** What a tab shortcut asks the dock to do; the dock decides what that means for its groups. */
export type TabAction = { kind: 'next' } | { kind: 'previous' } | { kind: 'nth'; index: number };

export interface ShortcutHelp {
  keys: string;
  description: string;
}

export const SHORTCUT_HELP: ShortcutHelp[] = [
  { keys: 'Ctrl+Alt+→', description: 'Next tab in the active group' },
  { keys: 'Ctrl+Alt+←', description: 'Previous tab in the active group' },
  { keys: 'Alt+1 … Alt+9', description: 'Go to the nth tab in the active group' },
];

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * Digits are matched by `code`, not `key`, because Alt+digit types a symbol on some layouts (macOS, AltGr).
 */
export function matchTabShortcut(event: KeyLike): TabAction | undefined {
  if (event.shiftKey || event.metaKey || !event.altKey) return undefined;
  if (event.ctrlKey) {
    if (event.key === 'ArrowRight') return { kind: 'next' };
    if (event.key === 'ArrowLeft') return { kind: 'previous' };
    return undefined;
  }
  const digit = /^Digit([1-9])$/.exec(event.code);
  if (digit?.[1]) return { kind: 'nth', index: Number(digit[1]) - 1 };
  return undefined;
}
