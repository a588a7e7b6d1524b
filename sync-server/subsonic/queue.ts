// The play queue: getPlayQueue / savePlayQueue (the current song by id) and OpenSubsonic's
// `indexBasedQueue` pair, getPlayQueueByIndex / savePlayQueueByIndex (the current song by its
// place, so a queue holding a song twice resumes on the right copy). Both read and write the
// mirror's ONE player state (`player_state`, which the remote player's /api/player shares): a queue
// saved on one client, either way, is read on another. Songs that left the mirror are dropped
// from the answer (and the current index follows what is left).
import { playerState } from '../../app/contract/index.ts';
import { ErrorCode, missing, SubsonicError } from './envelope.ts';
import { idOf } from './ids.ts';
import type { Call, Handlers } from './index.ts';
import { songIds } from './library.ts';
import { iso } from './shapes.ts';

const queueKey = 'subsonic.playQueue';

interface QueueMeta {
  username: string;
  changedBy: string;
}

/** The saved queue as it stands: the songs still in the mirror, where the current one is among them. */
function current(call: Call) {
  const { s } = call;
  const state = s.ctx.queries.player.get();
  const meta = s.ctx.catalog.settings.get<QueueMeta>(queueKey, { username: call.user.username, changedBy: '' });
  const tracks = s.ctx.queries.tracks.byIds(state.queue);
  const known = new Set(tracks.map((t) => t.id));
  const playing = state.queue[state.index];
  // The current song's place among the songs answered: the ones before it that are gone don't count.
  const index = playing !== undefined && known.has(playing) ? state.queue.slice(0, state.index).filter((id) => known.has(id)).length : undefined;
  return {
    index,
    head: {
      position: index !== undefined ? Math.max(0, Math.round(state.positionMs)) : undefined,
      username: meta.username || call.user.username,
      changed: iso(state.updatedAt || s.now()),
      changedBy: meta.changedBy,
    },
    entry: s.shapes.songs(tracks),
  };
}

function save(call: Call, queue: number[], index: number): void {
  const { s } = call;
  const position = call.params.int('position', 0, 0);
  // The player state the remote player reads and writes back: held to the library API's rules
  // (≤ 200,000 songs, a position ≤ 1e10 ms), else error 0 and nothing saved — a state outside
  // them would make every later PUT /api/player of the remote player a 400.
  const checked = playerState.pick({ queue: true, positionMs: true }).safeParse({ queue, positionMs: position });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SubsonicError(ErrorCode.generic, `${issue?.path[0] === 'queue' ? 'id (the queue)' : 'position'}: ${issue?.message ?? 'invalid'}`);
  }
  const state = s.ctx.queries.player.get();
  s.ctx.queries.player.put({ ...state, queue, index, positionMs: position, updatedAt: s.now() });
  s.ctx.catalog.settings.set(queueKey, { username: call.user.username, changedBy: call.client } satisfies QueueMeta);
}

export const queueHandlers: Handlers = {
  json: {
    getPlayQueue: (call) => {
      const { index, head, entry } = current(call);
      const playing = index !== undefined ? entry[index]?.id : undefined;
      return { playQueue: { current: playing, ...head, entry } };
    },
    savePlayQueue: (call) => {
      const ids = songIds(call, call.params.getAll('id'));
      const cur = call.params.get('current');
      const currentId = cur ? idOf(cur, 'tr', 'Song') : ids[0];
      save(call, ids, currentId === undefined ? 0 : Math.max(0, ids.indexOf(currentId)));
      return {};
    },
    getPlayQueueByIndex: (call) => {
      const { index, head, entry } = current(call);
      return { playQueueByIndex: { currentIndex: index, ...head, entry } };
    },
    savePlayQueueByIndex: (call) => {
      const ids = songIds(call, call.params.getAll('id'));
      const raw = call.params.get('currentIndex');
      if (ids.length === 0) {
        save(call, [], 0);
        return {};
      }
      if (!raw) throw missing('currentIndex');
      const index = call.params.int('currentIndex', 0);
      if (index < 0 || index >= ids.length) {
        // The spec's answer for an index outside the queue.
        throw new SubsonicError(ErrorCode.missingParameter, `currentIndex must be between 0 and ${ids.length - 1}`);
      }
      save(call, ids, index);
      return {};
    },
  },
  raw: {},
};
