// System endpoints (ping, license, extensions, user, scan status) and empty answers for features
// Tonearm does not have (podcasts, radio, shares, videos),
// which popular clients call at start-up and treat a failure there as a broken server.
import { ErrorCode, notFound, SubsonicError } from './envelope.ts';
import type { Handlers, SubsonicServices } from './index.ts';

/** A user's roles: every Subsonic user reads, streams, downloads, rates and keeps playlists; nothing more. */
const userShape = (username: string, admin: boolean) => ({
  username, scrobblingEnabled: true, adminRole: admin, settingsRole: false, downloadRole: true,
  uploadRole: false, playlistRole: true, coverArtRole: false, commentRole: false, podcastRole: false, streamRole: true,
  jukeboxRole: false, shareRole: false, videoConversionRole: false, folder: [1],
});

const scanStatus = (s: SubsonicServices) => ({ scanning: false, count: s.ctx.catalog.stats().tracks });

/** What getOpenSubsonicExtensions advertises. */
export const extensions = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'songLyrics', versions: [1] },
  { name: 'indexBasedQueue', versions: [1] },
  { name: 'topSongsByArtistId', versions: [1] },
];

export const systemHandlers: Handlers = {
  json: {
    ping: () => ({}),
    getLicense: () => ({ license: { valid: true } }),
    getOpenSubsonicExtensions: () => ({ openSubsonicExtensions: extensions }),
    // OpenSubsonic apiKeyAuthentication: who an API key (or any credential) signs in as.
    tokenInfo: ({ user }) => ({ tokenInfo: { username: user.username } }),
    // Only real users: yourself, or (the admin token) a Subsonic user of this server; anyone else is 70.
    getUser: ({ user, params, s }) => {
      const asked = params.get('username') || user.username;
      // Yourself as you signed in (names are matched case-insensitively there too).
      const self = asked.toLowerCase() === user.username.toLowerCase();
      const name = self ? user.username : asked;
      if (!self) {
        if (!s.users.list().some((u) => u.name === name)) throw notFound(`User ${name}`);
        if (!user.admin) throw new SubsonicError(ErrorCode.notAuthorized, `Only the admin may read another user (${name})`);
      }
      return { user: userShape(name, self && user.admin) };
    },
    // Every Subsonic user of this server: the admin token's to read, as the spec says (50 otherwise).
    getUsers: ({ user, s }) => {
      if (!user.admin) throw new SubsonicError(ErrorCode.notAuthorized, 'Only the admin may list users');
      return { users: { user: s.users.list().map((u) => userShape(u.name, false)) } };
    },
    getScanStatus: ({ s }) => ({ scanStatus: scanStatus(s) }),
    // The mirror is what the desktops published: there is nothing to scan here, so a client's
    // "rescan" button gets the current status (not scanning) instead of an error.
    startScan: ({ s }) => ({ scanStatus: scanStatus(s) }),
    // Features Tonearm does not have: their lists are empty (arrays, as clients expect).
    getInternetRadioStations: () => ({ internetRadioStations: { internetRadioStation: [] } }),
    getPodcasts: () => ({ podcasts: { channel: [] } }),
    getVideos: () => ({ videos: { video: [] } }),
    getNewestPodcasts: () => ({ newestPodcasts: { episode: [] } }),
    getShares: () => ({ shares: { share: [] } }),
  },
  raw: {},
};
