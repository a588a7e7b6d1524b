import { toastActions, useToasts } from '../stores/toasts.ts';
import { Icon } from './Icon.tsx';
import './Toasts.css';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} data-testid={`toast-${t.kind}`}>
          <span>{t.message}</span>
          {t.action ? (
            <button
              className="toast-action"
              onClick={() => {
                toastActions.dismiss(t.id);
                t.action?.run();
              }}
              data-testid="toast-action"
            >
              {t.action.label}
            </button>
          ) : null}
          <button className="icon-btn" onClick={() => toastActions.dismiss(t.id)} aria-label="Dismiss">
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
