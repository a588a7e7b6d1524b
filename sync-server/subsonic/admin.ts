// Admin endpoints for the Subsonic API (admin token only; the app's /api pipeline authenticates):
//   POST   /api/admin/subsonic/users        { name, password? } → 201 { name, deviceId, createdAt, password, apiKey } (shown once)
//   GET    /api/admin/subsonic/users        → [{ name, deviceId, createdAt }]
//   DELETE /api/admin/subsonic/users/:name  → 204 (revokes its device token / API key too)
//   GET    /api/admin/subsonic/settings     → { redirectClients, allowPassword, allowToken }
//   PUT    /api/admin/subsonic/settings     any subset → the new settings
import { Router } from 'express';
import { adminRoutes as routes } from '../../app/contract/index.ts';
import { HttpError, notFound } from '../../app/http/errors.ts';
import { mount } from '../../app/http/mount.ts';
import { requireAdmin } from '../auth.ts';
import { UserError } from '../../app/userError.ts';
import type { SubsonicUsers } from './users.ts';

export function subsonicAdminRoutes(users: SubsonicUsers): Router {
  const r = Router();
  r.use('/api/admin/subsonic', requireAdmin);
  mount(r, routes.createSubsonicUser, ({ body: { name, password } }) => {
    try {
      return users.create(name, password);
    } catch (err) {
      if (err instanceof UserError) throw new HttpError(409, err.message, { field: 'name' });
      throw err;
    }
  });
  mount(r, routes.subsonicUsers, () => users.list());
  mount(r, routes.deleteSubsonicUser, ({ params: { name } }) => {
    if (!users.remove(name)) throw notFound(`Subsonic user ${name} not found`);
  });
  mount(r, routes.subsonicSettings, () => users.settings());
  mount(r, routes.saveSubsonicSettings, ({ body }) => users.updateSettings(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))));
  return r;
}
