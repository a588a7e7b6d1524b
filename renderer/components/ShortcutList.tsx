import { shortcuts } from '../lib/shortcuts.ts';

/** Every keyboard shortcut (the one list: lib/shortcuts.ts). */
export function ShortcutList({ testId }: { testId?: string }) {
  return (
    <table className="shortcuts" data-testid={testId}>
      <tbody>
        {shortcuts.map((s) => (
          <tr key={s.action} data-testid="shortcut">
            <td>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' ' : ''}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </td>
            <td>{s.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
