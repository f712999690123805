import { describe, expect, it } from 'vitest';
import { countTokens } from 'gpt-tokenizer';
import { fieldTree, findList, fitBudget, projectFields } from '../../src/http/shrink.js';

const routes = Array.from({ length: 300 }, (_, i) => ({ id: `id-${i}`, name: `route-${i}`, paths: ['/a', '/b'], service: { id: 's', name: 'svc' }, tags: ['t'] }));

describe('findList', () => {
  it('finds the body itself, data, items, or the longest top-level array', () => {
    expect(findList([1])).toEqual({ key: '', items: [1] });
    expect(findList({ data: [1], meta: {} })?.key).toBe('data');
    expect(findList({ items: [1], total: 1 })?.key).toBe('items');
    expect(findList({ a: [1], b: [1, 2] })?.key).toBe('b');
    expect(findList({ a: 1 })).toBeUndefined();
  });
});

describe('projectFields', () => {
  it('keeps only the dot paths of each list item', () => {
    const { body, missing } = projectFields({ data: routes.slice(0, 2), offset: 'x' }, ['id', 'service.name']);
    expect(body).toEqual({ data: [{ id: 'id-0', service: { name: 'svc' } }, { id: 'id-1', service: { name: 'svc' } }], offset: 'x' });
    expect(missing).toEqual([]);
  });

  it('projects through arrays inside items and reports fields no item has', () => {
    const { body, missing } = projectFields([{ a: [{ b: 1, c: 2 }] }], ['a.b', 'nope']);
    expect(body).toEqual([{ a: [{ b: 1 }] }]);
    expect(missing).toEqual(['nope']);
  });

  it('projects a single object when there is no list', () => {
    expect(projectFields({ id: 1, name: 'n', config: { a: 1 } }, ['name']).body).toEqual({ name: 'n' });
  });

  it('lets a shorter path win over a longer one', () => {
    expect(fieldTree(['a', 'a.b'])).toEqual({ a: true });
  });
});

describe('fitBudget', () => {
  it('leaves a body under the budget alone', () => {
    const body = { data: routes.slice(0, 3) };
    expect(fitBudget(body, 20_000)).toEqual({ body });
  });

  it('trims the main list to what fits, as valid JSON, and says how many there were', () => {
    const body = { data: routes, next: 'n', offset: 'o' };
    const { body: cut, truncated } = fitBudget(body, 2_000);
    const text = JSON.stringify(cut);
    expect(countTokens(text)).toBeLessThanOrEqual(2_000);
    const data = (JSON.parse(text) as { data: unknown[]; next: string }).data;
    expect(data).toEqual(routes.slice(0, data.length));
    expect(truncated).toMatchObject({ path: 'data', total: 300, returned: data.length });
    expect(truncated?.hint).toMatch(/^Showing \d+ of 300 items.*fields/);
    expect((cut as { next: string }).next).toBe('n');
  });

  it('cuts a long text body to the budget', () => {
    const { body, truncated } = fitBudget('a: b\n'.repeat(10_000), 1_000);
    const kept = body as string;
    expect('a: b\n'.repeat(10_000).startsWith(kept)).toBe(true);
    expect(countTokens(kept)).toBeLessThanOrEqual(1_000);
    expect(countTokens(kept)).toBeGreaterThan(300);
    expect(truncated).toMatchObject({ path: '', total: 50_000, returned: kept.length });
  });

  it('keeps as much of a single huge string field as the budget allows', () => {
    const { body } = fitBudget({ content: 'c'.repeat(100_000), id: 'x' }, 1_000);
    const content = (body as { content: string }).content;
    expect(content.length).toBeGreaterThan(1_000);
    expect(JSON.stringify(body).length).toBeLessThanOrEqual(3_000);
  });

  it('shortens strings and arrays everywhere when no list explains the size', () => {
    const body = { spec: 'y'.repeat(100_000), nested: { list: [{ a: 'z'.repeat(50_000) }] } };
    const { body: cut, truncated } = fitBudget(body, 1_000);
    expect(countTokens(JSON.stringify(cut))).toBeLessThanOrEqual(1_000);
    expect((cut as { spec: string }).spec).toMatch(/^y+… \(\d+ more characters\)$/);
    expect(truncated).toMatchObject({ path: '' });
  });
});
