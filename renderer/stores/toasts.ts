import { create } from 'zustand';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
  /** A button in the toast (e.g. Undo); running it dismisses the toast. */
  action?: ToastAction;
}

export const useToasts = create<{ toasts: Toast[] }>(() => ({ toasts: [] }));
let nextId = 1;

export const toastActions = {
  show(message: string, kind: Toast['kind'] = 'info', ms = 5000, action?: ToastAction): void {
    const id = nextId++;
    useToasts.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, message, ...(action ? { action } : {}) }] }));
    setTimeout(() => toastActions.dismiss(id), ms);
  },
  error(message: string): void {
    toastActions.show(message, 'error', 7000);
  },
  dismiss(id: number): void {
    useToasts.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
};
