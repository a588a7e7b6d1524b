// "Add to playlist…" / "Save as playlist…": a button that opens the add-to-playlist menu right
// under itself for what `target` gives when clicked (it may fetch first, e.g. a whole smart list).
import { menuActions, type AddTarget } from '../stores/menus.ts';
import { Icon } from './Icon.tsx';

export function AddToPlaylistButton({ target, label = 'Add to playlist…', testId, disabled }: {
  target: () => AddTarget | Promise<AddTarget>;
  label?: string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <button
      className="btn"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        void Promise.resolve(target()).then((t) => menuActions.openAddMenu(r.left, r.bottom + 6, t));
      }}
      disabled={disabled}
      data-testid={testId}
    >
      <Icon name="playlist" size={14} /> {label}
    </button>
  );
}
