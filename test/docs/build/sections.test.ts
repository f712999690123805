import { describe, expect, it } from 'vitest';
import { headingId, splitSections } from '../../../src/docs/build/sections.js';

describe('headingId', () => {
  it('follows Jekyll kramdown (GFM) auto ids: lowercase, punctuation dropped, spaces to hyphens', () => {
    expect(headingId('Managing cache entities')).toBe('managing-cache-entities');
    expect(headingId("What's new in Kong Gateway 3.10?")).toBe('whats-new-in-kong-gateway-310');
    expect(headingId('konghq.com/plugins')).toBe('konghqcomplugins');
    expect(headingId('Metering & Billing')).toBe('metering--billing');
    expect(headingId('1. Register or sign in')).toBe('1-register-or-sign-in');
    expect(headingId('kong.gen_ai.llm.cost')).toBe('konggen_aillmcost');
    expect(headingId('Use `config.allow` in [ACL](/plugins/acl/)')).toBe('use-configallow-in-aclpluginsacl');
  });
});

describe('splitSections', () => {
  it('splits at headings, keeps the intro, and ignores # lines inside code fences', () => {
    const md = 'Intro text.\n\n## Install\n\nRun it:\n\n```sh\n# not a heading\n```\n\n### On Linux\n\nApt.\n## Install\nAgain.';
    const sections = splitSections(md);
    expect(sections.map((s) => [s.heading, s.anchor, s.level])).toEqual([
      ['', '', 0],
      ['Install', 'install', 2],
      ['On Linux', 'on-linux', 3],
      ['Install', 'install-1', 2],
    ]);
    expect(sections[1]!.markdown).toContain('# not a heading');
    expect(sections[0]!.markdown.trim()).toBe('Intro text.');
  });

  it('uses an explicit {#id} and strips closing hashes', () => {
    const sections = splitSections('#### Multiple controllers {#multiple-unrelated-controllers}\nx\n## Title ##\ny');
    expect(sections.slice(1).map((s) => [s.heading, s.anchor])).toEqual([
      ['Multiple controllers', 'multiple-unrelated-controllers'],
      ['Title', 'title'],
    ]);
  });

  it('does not treat #hashtags or indented lines as headings', () => {
    expect(splitSections('#nospace\n   ## indented\ntext')).toHaveLength(1);
  });
});
