/** Case-, diacritic- and whitespace-insensitive key: "Café  del MAR" → "cafe del mar". */
export function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const leadingArticle = /^(the|a|an|les|la|le|los|las|el|die|der|das)\s+/;

/** Sort key: folded, without a leading article ("The Beatles" sorts under B). */
export function sortKey(value: string): string {
  const folded = fold(value);
  const stripped = folded.replace(leadingArticle, '');
  return stripped.length > 0 ? stripped : folded;
}
