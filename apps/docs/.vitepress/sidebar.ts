// Sidebars built from the pages themselves: every markdown page of a section folder appears under
// its frontmatter `title`, ordered by its frontmatter `order`; the API reference gets one sidebar
// per package from the sidebar typedoc writes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import type { DefaultTheme } from 'vitepress';

/** A section of a locale: the folder that holds its pages and the group's heading. */
export interface Section {
  folder: string;
  text: string;
}

interface Page {
  title: string;
  order: number;
  link: string;
}

function readPage(root: string, path: string, link: string): Page {
  const { data } = matter(readFileSync(join(root, path), 'utf8'));
  if (typeof data.title !== 'string' || typeof data.order !== 'number') {
    throw new Error(
      `docs sidebar: expected frontmatter with a string "title" and a number "order" in ${path}, got ${JSON.stringify(data)}; add them`,
    );
  }
  return { title: data.title, order: data.order, link };
}

function sectionPages(root: string, folder: string): Page[] {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const path = `${folder}/${file}`;
      const link = `/${path.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '')}`;
      return readPage(root, path, link);
    })
    .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

/** The sidebar of one locale: a group per section that has pages, in the given order. */
export function localeSidebar(root: string, sections: Section[]): DefaultTheme.SidebarItem[] {
  return sections
    .map(({ folder, text }) => ({
      text,
      collapsed: false,
      items: sectionPages(root, folder).map(({ title, link }) => ({ text: title, link })),
    }))
    .filter((group) => group.items.length > 0);
}

/**
 * One sidebar per package of the API reference, keyed by its folder (`/api/core/`), from
 * api/typedoc-sidebar.json; each starts with a link back to the list of packages.
 */
export function apiSidebars(root: string): DefaultTheme.SidebarMulti {
  const file = join(root, 'api', 'typedoc-sidebar.json');
  if (!existsSync(file)) {
    throw new Error(
      `docs sidebar: expected ${file}, got none; run \`pnpm docs:build\` (it generates the API reference)`,
    );
  }
  const packages = JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[];
  const sidebars: DefaultTheme.SidebarMulti = {};
  for (const pkg of packages) {
    const key = pkg.link?.replace(/[^/]*$/, '');
    if (key === undefined) throw new Error(`docs sidebar: the API sidebar entry ${pkg.text} has no link`);
    sidebars[key] = [
      { text: 'All packages', link: '/api/' },
      { ...pkg, collapsed: false },
    ];
  }
  return sidebars;
}
