// The link checker: reads every page of the built site and reports each internal link whose
// page does not exist or whose #anchor names no element of that page.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Parser } from 'htmlparser2';

interface PageLinks {
  ids: Set<string>;
  hrefs: string[];
}

function readPage(file: string): PageLinks {
  const ids = new Set<string>();
  const hrefs: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (attributes.id !== undefined) ids.add(attributes.id);
      if (name === 'a' && attributes.href !== undefined) hrefs.push(attributes.href);
    },
  });
  parser.end(readFileSync(file, 'utf8'));
  return { ids, hrefs };
}

/** Every .html file under `dist`, as a path relative to it with forward slashes. */
export function sitePages(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** The built file a site path names under clean URLs: `x.html`, `x/index.html` or the file itself. */
function resolveFile(dist: string, path: string): string | undefined {
  const candidates =
    path === '' || path.endsWith('/') ? [`${path}index.html`] : [path, `${path}.html`, `${path}/index.html`];
  return candidates.find((candidate) => statSync(join(dist, candidate), { throwIfNoEntry: false })?.isFile());
}

/**
 * The broken internal links of the site built in `dist` for the base path `base` ('/' or
 * '/x/'), as `page: href (reason)` lines; external links are not followed.
 */
export function brokenLinks(dist: string, base: string): string[] {
  const pages = new Map(sitePages(dist).map((page) => [page, readPage(join(dist, page))]));
  const problems: string[] = [];
  for (const [page, { hrefs }] of pages) {
    for (const href of hrefs) {
      if (/^[a-z]+:/i.test(href) || href.startsWith('//')) continue;
      const [rawPath = '', anchor] = href.split('#', 2) as [string, string | undefined];
      let path: string;
      if (rawPath === '') path = page;
      else if (rawPath.startsWith('/')) {
        if (!rawPath.startsWith(base)) {
          problems.push(`${page}: ${href} (outside the base ${base})`);
          continue;
        }
        path = rawPath.slice(base.length);
      } else path = posix.normalize(posix.join(posix.dirname(page), rawPath));
      const target = resolveFile(dist, decodeURIComponent(path));
      if (target === undefined) {
        problems.push(`${page}: ${href} (no such page)`);
        continue;
      }
      if (anchor !== undefined && anchor !== '' && target.endsWith('.html')) {
        const ids = pages.get(target)?.ids;
        if (!ids?.has(decodeURIComponent(anchor))) problems.push(`${page}: ${href} (no #${anchor} in ${target})`);
      }
    }
  }
  return problems;
}

/** The text of the first `<h1>` of a built page, as its reader sees it. */
export function pageHeading(file: string): string {
  let depth = 0;
  let text = '';
  let done = false;
  const parser = new Parser({
    onopentag(name) {
      if (name === 'h1' && !done) depth++;
    },
    ontext(chunk) {
      if (depth > 0) text += chunk;
    },
    onclosetag(name) {
      if (name === 'h1' && depth > 0 && --depth === 0) done = true;
    },
  });
  parser.end(readFileSync(file, 'utf8'));
  return text.replace(/\u200b/g, '').trim();
}
