// Guest notes rendered as PVE renders them (marked with GFM, no hard breaks) but safe for the
// desktop: raw HTML shown as text, links only for plain https URLs (opened in a new window, which
// the host hands to the browser after its check), no image fetched from the network, GFM tables,
// strike-through and task lists.

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { Markdown, safeLinkHref } from '../../renderer/src/features/config/Markdown';

const html = (source: string) =>
  renderToStaticMarkup(createElement(MantineProvider, null, createElement(Markdown, { source })));

/** The markup without Mantine's classes and attributes: tags and text only. */
const bare = (source: string) =>
  html(source)
    .replace(/\s(class|style|data-[a-z-]+)="[^"]*"/g, '')
    .replace(/<div><div>/, '<div>');

describe('notes Markdown', () => {
  it('renders headings, emphasis and https links, the link in a new window', () => {
    const out = html(
      '# Proxy\nFronts **web01** and *web02*; see [runbook](https://wiki.example/proxy).',
    );
    expect(out).toMatch(/<h4[^>]*>Proxy<\/h4>/);
    expect(out).toContain('<strong>web01</strong>');
    expect(out).toContain('<em>web02</em>');
    expect(out).toMatch(
      /<a [^>]*href="https:\/\/wiki.example\/proxy"[^>]*target="_blank"[^>]*rel="noreferrer noopener"[^>]*>runbook<\/a>/,
    );
  });

  it('shows raw HTML as text and never makes an element of it', () => {
    const out = html('<script>alert(1)</script>\n\nok <img src=x onerror="alert(2)"> <b>bold</b>');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('renders a GFM table with its header and cells', () => {
    const out = bare('| Port | Use |\n|---|:---:|\n| 443 | **https** |\n| 8006 | web UI |');
    expect(out).toMatch(
      /<table[^>]*><thead><tr><th[^>]*>Port<\/th><th[^>]*>Use<\/th><\/tr><\/thead>/,
    );
    expect(out).toMatch(/<td[^>]*>443<\/td><td[^>]*><strong>https<\/strong><\/td>/);
    expect(out).toMatch(/<td[^>]*>8006<\/td><td[^>]*>web UI<\/td>/);
  });

  it('makes no link of an unsafe URL: other schemes, plain http, user:password@, relative', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'http://wiki.example/',
      'https://user:secret@wiki.example/',
      '/api2/json/nodes',
      '#top',
    ]) {
      const out = html(`see [the page](${url}) now`);
      expect(out, url).not.toContain('<a ');
      expect(out, url).not.toMatch(/href=/);
      expect(out, url).toContain('the page');
    }
    // A bare https URL is linked (GFM autolink); a bare javascript: one is text.
    expect(html('go to https://pve.example/ now')).toContain('href="https://pve.example/"');
    expect(html('<javascript:alert(1)>')).not.toContain('href=');
    expect(safeLinkHref('https://ok.example/a?b#c')).toBe('https://ok.example/a?b#c');
    expect(safeLinkHref('https://u:p@ok.example/')).toBeUndefined();
  });

  it('fetches no image from the network: a placeholder with its alt text; data: rasters show', () => {
    const net = html('![rack diagram](https://img.example/rack.png)');
    expect(net).not.toContain('<img');
    expect(net).toContain('rack diagram');
    const svg = html('![logo](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)');
    expect(svg).not.toContain('<img');
    const png = html('![dot](data:image/png;base64,iVBORw0KGgo=)');
    expect(png).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"');
  });

  it('renders strike-through and task lists, and no hard line break (as PVE)', () => {
    expect(html('~~old~~ new')).toContain('<del>old</del>');
    const tasks = html('- [x] backups\n- [ ] monitoring');
    expect(tasks.match(/type="checkbox"/g)?.length).toBe(2);
    expect(tasks).toMatch(/checked=""[^>]*aria-label="done"|aria-label="done"[^>]*checked=""/);
    expect(html('line one\nline two')).not.toContain('<br');
    expect(html('```\n<b>x</b>\n```')).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
