// Background loudness measurement from the library API (Settings → Loudness): status, the
// "measure automatically" setting, start, cancel, and progress as server-sent events.
// The work itself is app/loudness's job, created by start.ts.
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import { loudnessEventName, loudnessRoutes as routes, type LoudnessStatus } from '../../contract/index.ts';
import { eventStream } from '../../http/events.ts';
import { mount } from '../../http/mount.ts';
import type { LoudnessJob } from '../../loudness/job.ts';

export function loudnessRoutes(job: LoudnessJob, streams: Set<ServerResponse>): Router {
  const r = Router();
  mount(r, routes.loudnessStatus, () => job.status());
  mount(r, routes.saveLoudness, ({ body }) => {
    job.setAuto(body.auto);
    if (body.auto) job.kick();
    return job.status();
  });
  mount(r, routes.startLoudness, () => {
    job.start();
    return job.status();
  });
  mount(r, routes.cancelLoudness, async () => {
    await job.cancel();
    return job.status();
  });
  mount(r, routes.loudnessEvents, (_input, req, res) => {
    eventStream<LoudnessStatus>(req, res, { event: loudnessEventName, current: job.status(), subscribe: (send) => job.subscribe(send), streams });
  });
  return r;
}
