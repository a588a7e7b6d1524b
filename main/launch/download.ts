// Child process of `npm start` (forked by electron.ts fetchElectron, with the environment the user
// gave, which @electron/get reads for mirrors and cache): downloads Electron's zip into
// @electron/get's cache, checksum-verified, reporting progress to the parent. Usage:
// download.ts <electron package dir> <version> <platform> <arch>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shortReason, type DownloadMessage } from './electron.ts';

const [pkg = '', version, platform, arch] = process.argv.slice(2);
const send = (m: DownloadMessage) => process.send?.(m);
const env = process.env;
const remoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;
try {
  const get = (await import(pathToFileURL(createRequire(path.join(pkg, 'package.json')).resolve('@electron/get')).href)) as {
    downloadArtifact(details: Record<string, unknown>): Promise<string>;
  };
  const zip = await get.downloadArtifact({
    version, artifactName: 'electron', platform, arch,
    // As install.js passes them, so its cache lookup finds this download.
    checksums: remoteChecksums ? undefined : JSON.parse(fs.readFileSync(path.join(pkg, 'checksums.json'), 'utf8')),
    cacheRoot: env.electron_config_cache,
    force: env.force_no_cache === 'true',
    downloadOptions: {
      quiet: true, // the parent draws one progress line instead of a bar that appears after 30 s
      getProgressCallback: (p: { transferred: number; total: number | null }) => send({ progress: { transferred: p.transferred, total: p.total } }),
    },
  });
  send({ done: zip });
} catch (err) {
  send({ error: shortReason(err) });
  process.exitCode = 1;
}
