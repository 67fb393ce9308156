// Heading anchors as typedoc-plugin-markdown writes its links to them: VitePress's own rule turns
// `_` into a separator, so `indexPut_()` would get the id `indexput` (taken by `indexPut()`)
// instead of the `indexput_` that the API pages link to. Otherwise the same: lower case, accents
// and punctuation dropped, runs of separators one `-`.

const PUNCTUATION = /[\s~`!@#$%^&*()\-+=[\]{}|\\;:"'“”‘’<>,.?/]+/g;

/** The anchor id of a heading's text. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\p{Cc}/gu, '')
    .replace(PUNCTUATION, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}
