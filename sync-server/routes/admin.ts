// Admin routes (admin token only; a device token is a 403): devices and garbage collection.
import { Router } from 'express';
import { notFound } from '../../app/http/errors.ts';
import { idParams, parse } from '../../app/server/validate.ts';
import { syncApi } from '../../app/sync/protocol.ts';
import { requireAdmin } from '../auth.ts';
import type { SyncContext } from '../context.ts';
import { gcRequest, newDeviceRequest } from '../schemas.ts';

export function adminRoutes(ctx: SyncContext): Router {
  const r = Router();
  r.use('/api/admin', requireAdmin);
  r.post(syncApi.devices(), (req, res) => {
    const { name } = parse(newDeviceRequest, req.body);
    res.status(201).json(ctx.auth.createDevice(name));
  });
  r.get(syncApi.devices(), (_req, res) => {
    res.json(ctx.auth.listDevices());
  });
  r.delete('/api/admin/devices/:id', (req, res) => {
    const { id } = parse(idParams, req.params);
    const device = ctx.auth.revokeDevice(id);
    if (!device) throw notFound(`device ${id} not found`);
    res.json(device);
  });
  r.post(syncApi.gc(), async (req, res) => {
    const { graceMs } = parse(gcRequest, req.body ?? {});
    res.json(await ctx.gc(graceMs));
  });
  return r;
}
