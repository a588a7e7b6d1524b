// Admin routes (admin token only; a device token is a 403): devices, garbage collection and the
// audit of storage (both also run on a timer).
import { Router } from 'express';
import { adminRoutes as routes } from '../../app/contract/index.ts';
import { notFound } from '../../app/http/errors.ts';
import { mount } from '../../app/http/mount.ts';
import { requireAdmin } from '../auth.ts';
import type { SyncContext } from '../context.ts';

export function adminRoutes(ctx: SyncContext): Router {
  const r = Router();
  r.use('/api/admin', requireAdmin);
  mount(r, routes.createDevice, ({ body }) => ctx.auth.createDevice(body.name, body.scope));
  mount(r, routes.devices, () => ctx.auth.listDevices());
  mount(r, routes.revokeDevice, ({ params: { id } }) => {
    const device = ctx.auth.revokeDevice(id);
    if (!device) throw notFound(`device ${id} not found`);
    return device;
  });
  mount(r, routes.gc, async ({ body }) => ctx.gc(body.graceMs));
  mount(r, routes.audit, async () => ctx.audit());
  return r;
}
