// In-page checks for the layout/accessibility e2e tests (run through page.evaluate): WCAG contrast
// of the text on screen, and controls without an accessible name.

export interface ContrastFailure {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/** Every visible text of the page whose contrast with its background is under AA (4.5:1, 3:1 large). */
export function contrastFailures(): ContrastFailure[] {
  const parse = (c: string): [number, number, number, number] => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const [r = 0, g = 0, b = 0, a = 1] = (m[1] ?? '').split(/[ ,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const lum = ([r, g, b]: number[]) => {
    const f = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
  };
  // The background behind an element: its ancestors' colors composited from the page down.
  const background = (el: Element): number[] => {
    const layers: number[][] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if ((bg[3] ?? 0) > 0) layers.push(bg);
      if ((bg[3] ?? 0) >= 1) break;
    }
    let out = parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
    for (const [r = 0, g = 0, b = 0, a = 1] of layers.reverse()) out = [r * a + (out[0] ?? 0) * (1 - a), g * a + (out[1] ?? 0) * (1 - a), b * a + (out[2] ?? 0) * (1 - a)];
    return out;
  };
  const failures: ContrastFailure[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent?.trim() ?? '';
    const el = n.parentElement;
    if (!text || !el || el.closest('[aria-hidden="true"], [hidden], button:disabled, .cover-fallback, .skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || Number(style.opacity) < 0.1) continue;
    const fg = parse(style.color);
    const bg = background(el);
    const a = fg[3] ?? 1;
    const blended = [0, 1, 2].map((i) => (fg[i] ?? 0) * a + (bg[i] ?? 0) * (1 - a));
    // Opacity on the element or an ancestor (played queue rows) dims the text too.
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const seen = [0, 1, 2].map((i) => (blended[i] ?? 0) * opacity + (bg[i] ?? 0) * (1 - opacity));
    const l1 = lum(seen);
    const l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push({ text: text.slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, background: `rgb(${bg.map(Math.round).join(', ')})` });
  }
  return failures;
}

/** Buttons, links, inputs and ARIA widgets with no accessible name. */
export function unlabelledControls(): string[] {
  const out: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="radio"], [role="slider"], [role="tab"], [role="menuitem"]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const labelledBy = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label') ?? (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ?? el.getAttribute('title')
      ?? (el instanceof HTMLInputElement ? (el.labels?.[0]?.textContent ?? el.placeholder) : null) ?? el.textContent;
    if (!name?.trim()) out.push(el.outerHTML.slice(0, 120));
  }
  return out;
}
