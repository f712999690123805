import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pageFields, splitFrontMatter } from '../../../src/docs/build/frontmatter.js';

describe('front matter', () => {
  it('splits YAML front matter from the body', () => {
    const fm = splitFrontMatter('---\ntitle: A\n---\n\nBody here\n', (t) => parse(t));
    expect(fm.data).toEqual({ title: 'A' });
    expect(fm.body).toBe('\nBody here\n');
  });

  it('treats a file without front matter as all body', () => {
    expect(splitFrontMatter('# Title\ntext', (t) => parse(t))).toEqual({ data: {}, body: '# Title\ntext' });
  });

  it('extracts title, description, tldr, faqs, search_aliases, tags and related_resources as fields', () => {
    const { data } = splitFrontMatter(
      `---
title: Proxy Cache
description: Cache responses
tldr:
  q: How do I cache?
  a: Enable the plugin.
faqs:
  - q: Does it work in Konnect?
    a: |
      Yes.
  - not a faq
search_aliases:
  - proxy caching
tags: [caching, traffic-control]
related_resources:
  - text: Cache with Redis
    url: /how-to/cache-with-redis/
  - text: no url
---
`,
      (t) => parse(t),
    );
    expect(pageFields(data)).toEqual({
      title: 'Proxy Cache',
      description: 'Cache responses',
      tldr: { q: 'How do I cache?', a: 'Enable the plugin.' },
      faqs: [{ q: 'Does it work in Konnect?', a: 'Yes.\n' }],
      searchAliases: ['proxy caching'],
      tags: ['caching', 'traffic-control'],
      related: [{ text: 'Cache with Redis', url: '/how-to/cache-with-redis/' }],
    });
  });
});
