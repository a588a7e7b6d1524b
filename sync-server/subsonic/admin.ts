// Admin endpoints for the Subsonic API (admin token only; the app's /api pipeline authenticates):
//   POST   /api/admin/subsonic/users        { name, password? } → 201 { name, deviceId, createdAt, password, apiKey } (shown once)
//   GET    /api/admin/subsonic/users        → [{ name, deviceId, createdAt }]
//   DELETE /api/admin/subsonic/users/:name  → 204 (revokes its device token / API key too)
//   GET    /api/admin/subsonic/settings     → { redirectClients, allowPassword, allowToken }
//   PUT    /api/admin/subsonic/settings     any subset → the new settings
import { Router } from 'express';
import { z } from 'zod';
import { HttpError, notFound } from '../../app/http/errors.ts';
import { parse } from '../../app/server/validate.ts';
import { requireAdmin } from '../auth.ts';
import { UserError, type SubsonicUsers } from './users.ts';

const newUser = z.object({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1–64 letters, digits or . _ @ -'),
  password: z.string().min(8).max(200).optional(),
}).strict();

const settingsUpdate = z.object({
  redirectClients: z.array(z.string().min(1).max(100)).max(100).optional(),
  allowPassword: z.boolean().optional(),
  allowToken: z.boolean().optional(),
}).strict();

export function subsonicAdminRoutes(users: SubsonicUsers): Router {
  const r = Router();
  r.use('/api/admin/subsonic', requireAdmin);
  r.post('/api/admin/subsonic/users', (req, res) => {
    const { name, password } = parse(newUser, req.body ?? {});
    try {
      res.status(201).json(users.create(name, password));
    } catch (err) {
      if (err instanceof UserError) throw new HttpError(409, err.message, { field: 'name' });
      throw err;
    }
  });
  r.get('/api/admin/subsonic/users', (_req, res) => {
    res.json(users.list());
  });
  r.delete('/api/admin/subsonic/users/:name', (req, res) => {
    if (!users.remove(String(req.params.name))) throw notFound(`Subsonic user ${String(req.params.name)} not found`);
    res.status(204).end();
  });
  r.get('/api/admin/subsonic/settings', (_req, res) => {
    res.json(users.settings());
  });
  r.put('/api/admin/subsonic/settings', (req, res) => {
    const update = parse(settingsUpdate, req.body ?? {});
    res.json(users.updateSettings(Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined))));
  });
  return r;
}
