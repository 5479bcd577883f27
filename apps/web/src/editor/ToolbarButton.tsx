import type { ReactNode } from 'react';

interface ToolbarButtonProps {
  label: string;
  onClick: () => void;
  children: ReactNode;
  active?: boolean;
  disabled?: boolean;
  /** Keyboard shortcut, in Tiptap notation ("Mod-B"), shown in the tooltip. */
  shortcut?: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** One toolbar button: an accessible name, a pressed state for toggles, and a shortcut hint. */
export function ToolbarButton({ label, onClick, children, active, disabled, shortcut }: ToolbarButtonProps) {
  const hint = shortcut
    ? `${label} (${shortcut.replace('Mod', isMac ? '⌘' : 'Ctrl').replaceAll('-', '+')})`
    : label;
  return (
    <button
      type="button"
      className={active ? 'toolbar__button toolbar__button--active' : 'toolbar__button'}
      aria-label={label}
      aria-pressed={active === undefined ? undefined : active}
      title={hint}
      disabled={disabled}
      // Keep the editor's selection: the command re-focuses the editor itself.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
