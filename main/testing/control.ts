// The test's remote control of a stand-in Electron process: what a user, the OS or the renderer
// would do, as commands over the IPC channel (`{ id, op, ... }` → `{ type: 'reply', id, result }`).
import {
  BrowserWindow, dialogAnswers, globalShortcut, hooks, ipcMain, Menu, throughHeaderHook, Tray, app, type MenuItem,
} from './electron.ts';

export type Command =
  | { op: 'state' }
  | { op: 'navigate'; event: 'will-navigate' | 'will-redirect' | 'will-attach-webview'; url: string }
  | { op: 'windowOpen'; url: string }
  | { op: 'ipc'; kind: 'invoke' | 'send' | 'sendSync'; channel: string; args: unknown[]; frameUrl?: string; mainFrame?: boolean }
  | { op: 'shortcut'; accelerator: string }
  | { op: 'menu'; menu: 'tray' | 'app'; item: string }
  | { op: 'close' }
  | { op: 'quit' }
  | { op: 'answers'; messageBox?: number[]; openDialog?: string[][] }
  | { op: 'headers'; url: string; headers: Record<string, string[]> }
  | { op: 'permission'; permission: string; url: string; mediaTypes?: string[] };

const win = () => {
  const w = BrowserWindow.windows[0];
  if (!w) throw new Error('no window');
  return w;
};

function find(items: readonly MenuItem[], id: string): MenuItem | undefined {
  for (const i of items) {
    if (i.id === id) return i;
    const inner = i.submenu && find(i.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}

async function run(c: Command): Promise<unknown> {
  switch (c.op) {
    case 'state':
      return { windows: BrowserWindow.windows.map((w) => w.snapshot()), tray: Tray.current ? { tooltip: Tray.current.tooltip, menu: Tray.current.menu?.items } : null };
    case 'navigate': {
      const e = { url: c.url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      win().webContents.emit(c.event, e, c.url);
      return { prevented: e.defaultPrevented };
    }
    case 'windowOpen':
      return win().webContents.windowOpenHandler?.({ url: c.url }) ?? null;
    case 'ipc': {
      const wc = win().webContents;
      const event = { sender: wc, senderFrame: { url: c.frameUrl ?? wc.url, parent: c.mainFrame === false ? {} : null }, returnValue: undefined as unknown };
      if (c.kind === 'invoke') return await ipcMain.handlers.get(c.channel)?.(event as never, ...(c.args as never[]));
      ipcMain.listeners.get(c.channel)?.(event as never, ...(c.args as never[]));
      return c.kind === 'sendSync' ? event.returnValue : null;
    }
    case 'shortcut':
      globalShortcut.registered.get(c.accelerator)?.();
      return globalShortcut.registered.has(c.accelerator);
    case 'menu': {
      const menu = c.menu === 'tray' ? Tray.current?.menu : Menu.applicationMenu;
      const item = menu && find(menu.items, c.item);
      if (!item?.click) throw new Error(`no menu item ${c.item} in the ${c.menu} menu`);
      if (item.type === 'checkbox') item.checked = !item.checked; // as Electron does before click
      item.click(item);
      return true;
    }
    case 'close':
      return { closed: win().close() };
    case 'quit':
      app.quit();
      return true;
    case 'answers':
      dialogAnswers.messageBox.push(...(c.messageBox ?? []));
      dialogAnswers.openDialog.push(...(c.openDialog ?? []));
      return true;
    case 'headers':
      return throughHeaderHook(c.url, c.headers);
    case 'permission':
      return await new Promise((resolve) => {
        hooks.permissionRequest?.(null as never, c.permission as never, resolve as never, { requestingUrl: c.url, mediaTypes: c.mediaTypes } as never);
      });
  }
}

process.on('message', (m: Command & { id: number }) => {
  if (typeof m !== 'object' || m === null || !('op' in m)) return;
  run(m).then(
    (result) => process.send?.({ type: 'reply', id: m.id, result }),
    (err: unknown) => process.send?.({ type: 'reply', id: m.id, error: (err as Error).message }),
  );
});
// The IPC channel must not keep a quitting app alive.
process.channel?.unref();
