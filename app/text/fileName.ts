// What an untagged file's name and folder say: its title without the track-number prefix rippers
// put there ("01 - Title", "1-01 Title", "A3. Title", "03_title"), the track and disc numbers
// that prefix held, and an album title from the folder without release noise ("[FLAC]",
// "(2019)", "CD 2"). Pure; used only when the tags say nothing.

export interface FileNameFacts {
  title: string;
  trackNo: number | null;
  discNo: number | null;
}

// disc-track ("1-01", "2.03"), or a track number of 1–3 digits, or a vinyl side ("A3"), followed
// by a separator (space, dash, dot, underscore, parenthesis) and then the title.
const prefix = /^\s*(?:(\d{1,2})[-.](\d{1,3})|(\d{1,3})|[A-Da-d](\d{1,2}))(?=[\s._)\-])[\s._)\-]*(?:-\s*)?(.*)$/;

/** "1-01 Opening Theme" → { title: "Opening Theme", discNo: 1, trackNo: 1 }. */
export function fromFileName(baseName: string): FileNameFacts {
  const name = baseName.replace(/_/g, ' ').trim();
  const m = prefix.exec(name);
  const rest = m?.[5]?.trim() ?? '';
  // A name that is only a number ("01") or a year-like title ("1999 Remix" keeps its year) stays.
  if (!m || rest.length === 0 || (m[3] !== undefined && m[3].length === 4)) return { title: name || baseName, trackNo: null, discNo: null };
  const disc = m[1] !== undefined ? Number(m[1]) : null;
  const track = Number(m[2] ?? m[3] ?? m[4]);
  return { title: rest, trackNo: track > 0 ? track : null, discNo: disc !== null && disc > 0 ? disc : null };
}

const discFolder = /^(?:cd|disc|disk|dvd)\s*[-_.]?\s*(\d{1,2})\b/i;
const noise = /\s*(?:\[[^\]]*\]|\{[^}]*\}|\((?:\d{4}|[^)]*\b(?:flac|mp3|aac|ogg|opus|wav|alac|kbps|\d{2,3}k|web|cd|vinyl|remaster(?:ed)?)\b[^)]*)\))\s*$/i;

/** An album title from the folder names (the last one that is not "CD 2"), without release noise. */
export function albumFromFolders(folderPath: string): string | null {
  const parts = folderPath.split(/[\\/]/).filter((p) => p.length > 0);
  let name = parts[parts.length - 1] ?? '';
  if (discFolder.test(name) && parts.length > 1) name = parts[parts.length - 2] ?? name;
  let prev = '';
  name = name.replace(/_/g, ' ');
  while (prev !== name) {
    prev = name;
    name = name.replace(noise, '');
  }
  name = name.replace(/\s+/g, ' ').trim();
  return name.length > 0 ? name : null;
}

/** A disc number from the folder ("CD2", "Disc 2"), when the file sits in one. */
export function discFromFolder(folderPath: string): number | null {
  const parts = folderPath.split(/[\\/]/).filter((p) => p.length > 0);
  const m = discFolder.exec(parts[parts.length - 1] ?? '');
  return m ? Number(m[1]) : null;
}
