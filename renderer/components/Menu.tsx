import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';
import './Menu.css';

export interface MenuItem {
  label: string;
  /** What a screen reader says when the label is symbols (★★★☆☆). */
  ariaLabel?: string;
  icon?: IconName;
  onSelect?: () => void;
  /** A nested list (shown to the side on hover/Enter/→). */
  submenu?: MenuItem[];
  disabled?: boolean;
  testId?: string;
  /** A divider above this item. */
  separator?: boolean;
}

/** A popup menu at a point (context menu, "more" button). Arrow keys, Enter, Escape; clicks outside close it. */
export function Menu({ x, y, items, onClose, header }: { x: number; y: number; items: MenuItem[]; onClose: () => void; header?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState<number | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({
      left: Math.max(8, Math.min(x, window.innerWidth - r.width - 8)),
      top: Math.max(8, Math.min(y, window.innerHeight - r.height - 8)),
    });
    el.focus();
  }, [x, y]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    window.addEventListener('mousedown', onDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      window.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const choose = (item: MenuItem, i: number) => {
    if (item.disabled) return;
    if (item.submenu) {
      setOpen(i);
      return;
    }
    onClose();
    item.onSelect?.();
  };

  return (
    <div
      ref={ref}
      className="menu"
      role="menu"
      tabIndex={-1}
      style={{ left: pos.left, top: pos.top }}
      onContextMenu={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
        else if (e.key === 'ArrowDown') setActive((a) => (a + 1) % items.length);
        else if (e.key === 'ArrowUp') setActive((a) => (a <= 0 ? items.length - 1 : a - 1));
        else if ((e.key === 'Enter' || e.key === 'ArrowRight') && items[active]) choose(items[active], active);
        else return;
        e.preventDefault();
      }}
      data-testid="menu"
    >
      {header ? <div className="menu-header">{header}</div> : null}
      {items.map((item, i) => (
        <div key={`${item.label}-${i}`} className="menu-item-wrap" onMouseEnter={() => { setActive(i); setOpen(item.submenu ? i : null); }}>
          {item.separator ? <div className="menu-sep" /> : null}
          <button
            type="button"
            role="menuitem"
            className={`menu-item${i === active ? ' active' : ''}`}
            disabled={item.disabled}
            onClick={() => choose(item, i)}
            data-testid={item.testId}
            aria-label={item.ariaLabel}
            aria-haspopup={item.submenu ? 'menu' : undefined}
          >
            {item.icon ? <Icon name={item.icon} size={15} /> : <span className="menu-icon-space" />}
            <span className="ellipsis">{item.label}</span>
            {item.submenu ? <span className="menu-chevron"><Icon name="chevron" size={14} /></span> : null}
          </button>
          {item.submenu && open === i ? (
            <div className="menu submenu" role="menu" data-testid="submenu">
              {item.submenu.length === 0 ? <div className="menu-empty">Nothing here yet</div> : null}
              {item.submenu.map((sub, j) => (
                <div key={`${sub.label}-${j}`}>
                  {sub.separator ? <div className="menu-sep" /> : null}
                  <button
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    disabled={sub.disabled}
                    onClick={() => {
                      onClose();
                      sub.onSelect?.();
                    }}
                    data-testid={sub.testId}
                    aria-label={sub.ariaLabel}
                  >
                    {sub.icon ? <Icon name={sub.icon} size={15} /> : <span className="menu-icon-space" />}
                    <span className="ellipsis">{sub.label}</span>
                  </button>
                </div>
              ))}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
