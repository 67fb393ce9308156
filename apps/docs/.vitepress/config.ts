// The VitePress site: English at the root, Chinese under /zh/, the generated API reference under
// /api/, deployable under any base path (DOCS_BASE, e.g. `/strata/`).
import { type DefaultTheme, defineConfig } from 'vitepress';
import { apiSidebars, localeSidebar, type Section } from './sidebar.js';
import { PACKAGES, REPOSITORY, VERSION } from './site-facts.js';
import { slugify } from './slugify.js';
// Cross-origin isolation: without it a browser gives no SharedArrayBuffer, and the CPU backend
// runs its WebAssembly kernels on one thread.
import { ISOLATION_HEADERS } from '../scripts/preview-server.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

/** Pages that scripts/generate-site.mjs writes. */
const GENERATED = ['api/', 'reference/changelog/', 'reference/performance.md'];

const EN_SECTIONS: Section[] = [
  { folder: 'guide', text: 'Guide' },
  { folder: 'chapters', text: 'Chapters' },
  { folder: 'reference', text: 'Reference' },
];
const ZH_SECTIONS: Section[] = [
  { folder: 'zh/guide', text: '指南' },
  { folder: 'zh/chapters', text: '章节' },
];

const releases: DefaultTheme.NavItemWithLink[] = PACKAGES.map(({ name, folder }) => ({
  text: `${name} changelog`,
  link: `/reference/changelog/${folder}`,
}));

/** The top bar of a locale: each section that has pages, linking to its first page, then API, playground, version. */
function nav(lang: 'en' | 'zh', sidebar: DefaultTheme.SidebarItem[]): DefaultTheme.NavItem[] {
  const sections = sidebar.map(({ text, items }) => {
    const link = items?.[0]?.link ?? '/';
    return { text: text ?? link, link, activeMatch: link.replace(/[^/]*$/, '') };
  });
  return [
    ...sections,
    { text: 'API', link: '/api/', activeMatch: '/api/' },
    { text: lang === 'zh' ? '在线训练' : 'Playground', link: '/playground/' },
    { text: `v${VERSION}`, items: releases },
  ];
}

const EN_SIDEBAR = localeSidebar(ROOT, EN_SECTIONS);
const ZH_SIDEBAR = localeSidebar(ROOT, ZH_SECTIONS);

export default defineConfig({
  title: 'strata',
  description: 'Deep learning in TypeScript: PyTorch’s programming model, npm packages, Node and the browser.',
  base: process.env.DOCS_BASE ?? '/',
  cleanUrls: true,
  lastUpdated: false,
  srcExclude: ['doctest/**', 'e2e/**', 'scripts/**', 'node_modules/**', '**/README.md', 'CONTRIBUTING.md'],
  appearance: true,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${process.env.DOCS_BASE ?? '/'}favicon.svg` }]],
  markdown: { anchor: { slugify } },
  locales: {
    root: {
      label: 'English',
      lang: 'en-US',
      themeConfig: { nav: nav('en', EN_SIDEBAR) },
    },
    zh: {
      label: '简体中文',
      lang: 'zh-CN',
      link: '/zh/',
      description: '用 TypeScript 做深度学习：PyTorch 的编程模型，npm 包，Node 与浏览器。',
      themeConfig: { nav: nav('zh', ZH_SIDEBAR) },
    },
  },
  themeConfig: {
    // The language menu leads to the other locale's home: not every page has a translation.
    i18nRouting: false,
    search: { provider: 'local' },
    editLink: { pattern: `${REPOSITORY}/edit/main/apps/docs/:path`, text: 'Edit this page' },
    socialLinks: [{ icon: 'github', link: REPOSITORY }],
    sidebar: {
      '/zh/': ZH_SIDEBAR,
      ...apiSidebars(ROOT),
      '/': EN_SIDEBAR,
    },
    footer: { message: `Documents strata ${VERSION}. MIT licensed.` },
  },
  transformPageData(pageData) {
    // Generated pages have no source in the repository to edit: their sources are the TSDoc, the
    // bench report and the changesets.
    if (GENERATED.some((prefix) => pageData.relativePath.startsWith(prefix))) pageData.frontmatter.editLink = false;
  },
  vite: {
    // VitePress answers page requests with its own middleware, which vite's `server.headers` do
    // not reach: set them first on every response. `pnpm docs:preview` sets them the same way
    // (scripts/preview-server.mjs).
    plugins: [
      {
        name: 'strata-cross-origin-isolation',
        configureServer(server) {
          server.middlewares.use((_request, response, next) => {
            for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
            next();
          });
        },
      },
    ],
    worker: { format: 'es' },
  },
});
