import { describe, expect, it } from 'vitest';
import { joinTags, normalizeTags, parseTags, tagColorIndex } from '../../shared/tags';

describe('guest tags as PVE stores them', () => {
  it('parses the stored form and any of the input separators', () => {
    expect(parseTags('prod;web')).toEqual(['prod', 'web']);
    expect(parseTags('prod, web db')).toEqual(['prod', 'web', 'db']);
    expect(parseTags(';;prod;;')).toEqual(['prod']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(undefined)).toEqual([]);
  });

  it('lower-cases, de-duplicates and sorts like get_unique_tags', () => {
    expect(normalizeTags(['Web', 'prod', 'web', ' db '])).toEqual(['db', 'prod', 'web']);
    expect(joinTags(['Web', 'prod', 'web'])).toBe('prod;web');
  });

  it('accepts the characters pve-tag allows and refuses others', () => {
    expect(normalizeTags(['k8s_node-1.a+b'])).toEqual(['k8s_node-1.a+b']);
    expect(() => normalizeTags(['-leading-dash'])).toThrow("invalid tag '-leading-dash'");
    expect(() => normalizeTags(['has space'])).toThrow('invalid tag');
    expect(() => normalizeTags(['semi;colon'])).toThrow('invalid tag');
  });

  it('gives a tag the same colour every time, within the palette', () => {
    const a = tagColorIndex('prod', 10);
    expect(tagColorIndex('prod', 10)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(10);
    const spread = new Set(
      ['prod', 'web', 'db', 'infra', 'media', 'lab'].map((t) => tagColorIndex(t, 10)),
    );
    expect(spread.size).toBeGreaterThan(2);
  });
});
