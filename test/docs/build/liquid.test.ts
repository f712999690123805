import { describe, expect, it } from 'vitest';
import { evalCondition, LiquidRenderer, type LiquidHooks, type Scope } from '../../../src/docs/build/liquid.js';

const partials: Record<string, string> = {
  'plugins/api.md': 'The {{include.name}} plugin exposes `/{{ include.slug }}` on {{site.base_gateway}}.',
  'faqs/q.md': '{% if include.section == "question" %}Why?{% elsif include.section == "answer" %}Because.{% endif %}',
  'nested/outer.md': 'outer[{% include nested/inner.md who=include.who %}]',
  'nested/inner.md': 'inner {{include.who}}',
  'loop.md': 'again {% include loop.md %}',
};

function renderer(calls: string[] = []): LiquidRenderer {
  const hooks: LiquidHooks = {
    loadInclude: (p) => partials[p],
    block: (name, args, body) => {
      calls.push(`${name}(${args})`);
      return `<${name} ${args}>${body}</${name}>`;
    },
    tag: (name, args) => {
      calls.push(`${name}(${args})`);
      return '';
    },
  };
  return new LiquidRenderer(hooks);
}

const site = { base_gateway: 'Kong Gateway', konnect_short_name: 'Konnect', links: { web: 'https://developer.konghq.com' }, data: { gateway_latest: { release: '3.15' } } };
const scope = (extra: Scope = {}): Scope => ({ site, page: { name: 'Proxy Cache', slug: 'proxy-cache', works_on: ['on-prem', 'konnect'] }, ...extra });

describe('LiquidRenderer', () => {
  it('substitutes site variables with any whitespace and nested keys', () => {
    expect(renderer().render('{{site.base_gateway}} in {{ site.konnect_short_name }} at {{site.links.web}} v{{ site.data.gateway_latest.release }}', scope())).toBe(
      'Kong Gateway in Konnect at https://developer.konghq.com v3.15',
    );
  });

  it('renders undefined variables as nothing', () => {
    expect(renderer().render('[{{site.base_gateaway}}]', scope())).toBe('[]');
  });

  it('resolves include and include_cached with include.<param> from page variables', () => {
    const r = renderer();
    expect(r.render('{% include_cached /plugins/api.md name=page.name slug=page.slug %}', scope())).toBe(
      'The Proxy Cache plugin exposes `/proxy-cache` on Kong Gateway.',
    );
    expect(r.render("{% include faqs/q.md section='question' %} {% include faqs/q.md section=\"answer\" %}", scope())).toBe('Why? Because.');
  });

  it('drops includes of partials that were not copied', () => {
    expect(renderer().render('a {% include_cached /prereqs/missing.md x=1 %}b', scope())).toBe('a b');
  });

  it('passes parameters through nested includes and stops runaway recursion', () => {
    const r = renderer();
    expect(r.render('{% include nested/outer.md who="me" %}', scope())).toBe('outer[inner me]');
    expect(r.render('{% include loop.md %}', scope()).match(/again/g)?.length).toBe(8);
  });

  it('evaluates if/elsif/else, unless, contains, and/or', () => {
    const r = renderer();
    expect(r.render("{% if page.works_on contains 'konnect' %}K{% else %}X{% endif %}", scope())).toBe('K');
    expect(r.render("{% unless page.output_format == 'markdown' %}html{% endunless %}", scope())).toBe('html');
    expect(r.render('{% if page.missing %}a{% elsif page.name %}b{% endif %}', scope())).toBe('b');
    expect(evalCondition("page.name == 'x' or page.slug == 'proxy-cache'", scope())).toBe(true);
    expect(evalCondition("page.name == 'Proxy Cache' and page.slug == 'x'", scope())).toBe(false);
  });

  it('loops with forloop and filters, assigns and captures', () => {
    const r = renderer();
    const s = scope({ list: ['a', 'b', 'c'] });
    expect(r.render('{% for x in list %}{{ x | upcase }}{% unless forloop.last %},{% endunless %}{% endfor %}', s)).toBe('A,B,C');
    expect(r.render("{% assign v = page.name | append: ' plugin' %}{{ v }}", scope())).toBe('Proxy Cache plugin');
    expect(r.render('{% capture c %}got {{ page.slug }}{% endcapture %}[{{ c }}]', scope())).toBe('[got proxy-cache]');
  });

  it('honours whitespace control and keeps raw blocks literal', () => {
    const r = renderer();
    expect(r.render('a  {%- if true -%}  b  {%- endif -%}  c', scope())).toBe('abc');
    expect(r.render('use {% raw %}{{variable}}{% endraw %} here', scope())).toBe('use {{variable}} here');
  });

  it('hands custom block and inline tags to the hooks with Liquid rendered in their arguments and bodies', () => {
    const calls: string[] = [];
    const out = renderer(calls).render('{% navtabs "x" %}{% navtab "{{site.konnect_short_name}} UI" %}in {{site.base_gateway}}{% endnavtab %}{% endnavtabs %}{% new_in 3.10 %}', scope());
    expect(out).toBe('<navtabs "x"><navtab "Konnect UI">in Kong Gateway</navtab></navtabs>');
    expect(calls).toEqual(['navtab("Konnect UI")', 'navtabs("x")', 'new_in(3.10)']);
  });

  it('drops comments and ignores stray end tags', () => {
    expect(renderer().render('a{% comment %}hidden {{ site.x }}{% endcomment %}b{% endif %}c', scope())).toBe('abc');
  });
});
