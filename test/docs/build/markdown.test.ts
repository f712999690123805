import { describe, expect, it } from 'vitest';
import { inlineText, markdownToText, stripIal } from '../../../src/docs/build/markdown.js';

describe('markdownToText', () => {
  it('removes kramdown attribute lines and trailing attribute lists', () => {
    expect(stripIal('{:.info}\n> **Note**: read this\n```\nx\n```\n{:.no-copy-code}\n## Head {: .wide}')).toBe('> **Note**: read this\n```\nx\n```\n## Head');
    expect(markdownToText('{:.warning}\n> **Note**: the data plane\n> restarts.')).toBe('Note: the data plane\nrestarts.');
    expect(markdownToText('- Option: `x`; Notes: Slower. {:.info} > Note: careful')).toBe('- Option: `x`; Notes: Slower. > Note: careful');
  });

  it('keeps link text, drops images, HTML tags, comments and vale markers', () => {
    expect(markdownToText('See the [Key Auth plugin](/plugins/key-auth/) ![diagram](/a.png)<br>now <!--vale off-->ok<span class="x">!</span>')).toBe(
      'See the Key Auth plugin now ok!',
    );
  });

  it('keeps placeholders that look like tags but are not HTML', () => {
    expect(markdownToText('Replace <CONTROL_PLANE_ID> and <your-token>.')).toBe('Replace <CONTROL_PLANE_ID> and <your-token>.');
  });

  it('keeps code blocks but shortens them', () => {
    const code = Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(i === 0 ? 200 : 5)}`).join('\n');
    const out = markdownToText(`Run:\n\n\`\`\`sh\n${code}\n\`\`\`\n\nDone.`, { lines: 3, width: 20 });
    expect(out).toBe(`Run:\n\nline 0 ${'x'.repeat(13)}…\nline 1 xxxxx\nline 2 xxxxx\n…\n\nDone.`);
  });

  it('dedents code fences nested in list items', () => {
    expect(markdownToText('1. Apply:\n   ```yaml\n   a: 1\n   ```')).toBe('1. Apply:\n\na: 1');
  });

  it('drops markdown table separator rows and unescapes characters', () => {
    expect(markdownToText('| a | b |\n|---|:---:|\n| 1 \\| 2 | 3 |')).toBe('| a | b |\n\n| 1 | 2 | 3 |');
  });
});

describe('inlineText', () => {
  it('flattens a heading or title to one plain line', () => {
    expect(inlineText('Use `config.allow` with [ACL](/plugins/acl/)\n{:.x}')).toBe('Use config.allow with ACL');
  });
});
