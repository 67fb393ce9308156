/** The headers that make a page cross-origin isolated (guide/hosting.md). */
export const ISOLATION_HEADERS: Record<string, string>;

/** A running preview server: the site's URL (base path included) and how to stop it. */
export interface PreviewServer {
  url: string;
  stop(): Promise<void>;
}

export function previewSite(root: string, port: number): Promise<PreviewServer>;
