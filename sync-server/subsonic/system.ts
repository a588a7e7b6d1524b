// System endpoints (ping, license, extensions, user, scan status) and empty answers for features
// Tonearm does not have (podcasts, radio, shares, bookmarks, artist/album info, similar songs),
// which popular clients call at start-up and treat a failure there as a broken server.
import type { Handlers } from './index.ts';

/** What getOpenSubsonicExtensions advertises. */
export const extensions = [
  { name: 'apiKeyAuthentication', versions: [1] },
  { name: 'formPost', versions: [1] },
  { name: 'songLyrics', versions: [1] },
];

export const systemHandlers: Handlers = {
  json: {
    ping: () => ({}),
    getLicense: () => ({ license: { valid: true } }),
    getOpenSubsonicExtensions: () => ({ openSubsonicExtensions: extensions }),
    getUser: ({ user, params }) => {
      const name = params.get('username') ?? user.username;
      return {
        user: {
          username: name, scrobblingEnabled: true, adminRole: user.admin, settingsRole: false, downloadRole: true,
          uploadRole: false, playlistRole: true, coverArtRole: false, commentRole: false, podcastRole: false, streamRole: true,
          jukeboxRole: false, shareRole: false, videoConversionRole: false, folder: [1],
        },
      };
    },
    getScanStatus: ({ s }) => ({ scanStatus: { scanning: false, count: s.ctx.catalog.stats().tracks } }),
    getArtistInfo2: () => ({ artistInfo2: {} }),
    getArtistInfo: () => ({ artistInfo: {} }),
    getAlbumInfo2: () => ({ albumInfo: {} }),
    getAlbumInfo: () => ({ albumInfo: {} }),
    getSimilarSongs2: () => ({ similarSongs2: {} }),
    getSimilarSongs: () => ({ similarSongs: {} }),
    getTopSongs: () => ({ topSongs: {} }),
    getBookmarks: () => ({ bookmarks: {} }),
    getInternetRadioStations: () => ({ internetRadioStations: {} }),
    getPodcasts: () => ({ podcasts: {} }),
    getNewestPodcasts: () => ({ newestPodcasts: {} }),
    getShares: () => ({ shares: {} }),
  },
  raw: {},
};
