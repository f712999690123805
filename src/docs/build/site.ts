// The `site` variable: jekyll.yml plus app/_data, with the *_latest entries Kong's generator adds.

export interface DataFile {
  /** Path under app/_data without extension, e.g. `products/gateway`. */
  name: string;
  data: unknown;
}

function latestRelease(data: unknown): unknown {
  const releases = (data as { releases?: unknown } | undefined)?.releases;
  return Array.isArray(releases) ? releases.find((r) => (r as { latest?: unknown } | undefined)?.latest === true) : undefined;
}

/** Builds `site`: `site.X` is jekyll.yml's key X; `site.data.<dir>.<file>` the data files; `site.data.<name>_latest` the latest release. */
export function buildSite(config: Record<string, unknown>, dataFiles: DataFile[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of dataFiles) {
    const parts = f.name.split('/');
    let node = data;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = f.data;
  }
  // Products first, then tools, as the generator walks them; a tool without a latest release leaves the product's.
  for (const dir of ['products', 'tools']) {
    for (const f of dataFiles.filter((d) => d.name.startsWith(`${dir}/`))) {
      const latest = latestRelease(f.data);
      if (latest !== undefined) data[`${f.name.slice(dir.length + 1).replace(/-/g, '_')}_latest`] = latest;
    }
  }
  return { ...config, data };
}
