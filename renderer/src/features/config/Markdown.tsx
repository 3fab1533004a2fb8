// Guest notes as PVE shows them: Markdown (headings, paragraphs with line breaks, lists, quotes,
// fenced code, tables, rules; inline code, bold, italic, strike-through, links). Rendered straight
// to React elements, never through HTML strings, so raw HTML in the notes shows as text and no
// script or style can get in; links only for https URLs (they open in the user's browser).
// No Markdown library is installed; this covers what PVE's notes use (marked, GFM).

import { Anchor, Code, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; text: string }
  | { kind: 'para'; lines: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'rule' };

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^\s{0,3}(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!))
        body.push(lines[i++]!);
      i++;
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      out.push({ kind: 'heading', level: h[1]!.length as 1, text: h[2]! });
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const q: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) {
        q.push(lines[i++]!.replace(/^\s{0,3}>\s?/, ''));
      }
      out.push({ kind: 'quote', lines: q });
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li) {
      const ordered = /\d/.test(li[1]!);
      const items: string[] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]!);
        if (m && /\d/.test(m[1]!) === ordered) items.push(m[2]!);
        else if (items.length && /^\s{2,}\S/.test(lines[i]!)) {
          items[items.length - 1] += ` ${lines[i]!.trim()}`;
        } else break;
        i++;
      }
      out.push({ kind: 'list', ordered, items });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      const head = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim()) {
        rows.push(cells(lines[i++]!));
      }
      out.push({ kind: 'table', head, rows });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() &&
      !/^\s{0,3}(#{1,6}\s|>|```|~~~)/.test(lines[i]!) &&
      !LIST_ITEM.test(lines[i]!)
    ) {
      para.push(lines[i++]!.trim());
    }
    out.push({ kind: 'para', lines: para });
  }
  return out;
}

const INLINE =
  /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|~~([^~]+)~~|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<(https:\/\/[^>\s]+)>/;

function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Inline Markdown to React nodes. */
export function inline(text: string, key = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const k = `${key}.${n++}`;
    if (m[1]) out.push(<Code key={k}>{m[2]}</Code>);
    else if (m[3] ?? m[4]) out.push(<strong key={k}>{inline((m[3] ?? m[4])!, k)}</strong>);
    else if (m[5] ?? m[6]) out.push(<em key={k}>{inline((m[5] ?? m[6])!, k)}</em>);
    else if (m[7]) out.push(<s key={k}>{inline(m[7], k)}</s>);
    else if (m[8]) {
      const href = safeHref(m[9]!);
      out.push(
        href ? (
          <Anchor key={k} href={href} target="_blank" rel="noreferrer noopener" size="sm">
            {inline(m[8], k)}
          </Anchor>
        ) : (
          <span key={k}>{inline(m[8], k)}</span>
        ),
      );
    } else if (m[10]) {
      const href = safeHref(m[10]);
      out.push(
        href ? (
          <Anchor key={k} href={href} target="_blank" rel="noreferrer noopener" size="sm">
            {m[10]}
          </Anchor>
        ) : (
          m[10]
        ),
      );
    }
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

function lines(ls: string[], key: string): ReactNode[] {
  return ls.flatMap((l, j) =>
    j ? [<br key={`${key}.br${j}`} />, ...inline(l, `${key}.${j}`)] : inline(l, `${key}.${j}`),
  );
}

export function Markdown({ source }: { source: string }) {
  return (
    <div data-testid="notes-rendered" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
      {parseBlocks(source).map((b, i) => {
        const k = `b${i}`;
        switch (b.kind) {
          case 'heading':
            return (
              <Title key={k} order={Math.min(6, b.level + 3) as 4} mt={i ? 6 : 0} mb={4}>
                {inline(b.text, k)}
              </Title>
            );
          case 'para':
            return (
              <Text key={k} size="sm" mb={6}>
                {lines(b.lines, k)}
              </Text>
            );
          case 'code':
            return (
              <Code key={k} block mb={6}>
                {b.text}
              </Code>
            );
          case 'quote':
            return (
              <Text
                key={k}
                size="sm"
                c="dimmed"
                mb={6}
                pl="xs"
                style={{ borderLeft: '3px solid var(--mantine-color-default-border)' }}
              >
                {lines(b.lines, k)}
              </Text>
            );
          case 'list': {
            const items = b.items.map((it, j) => (
              <li key={`${k}.${j}`}>{inline(it, `${k}.${j}`)}</li>
            ));
            return b.ordered ? (
              <ol key={k} style={{ margin: '0 0 6px', paddingLeft: 22 }}>
                {items}
              </ol>
            ) : (
              <ul key={k} style={{ margin: '0 0 6px', paddingLeft: 22 }}>
                {items}
              </ul>
            );
          }
          case 'table':
            return (
              <Table
                key={k}
                withTableBorder
                withColumnBorders
                fz="sm"
                verticalSpacing={2}
                mb={6}
                w="auto"
              >
                <Table.Thead>
                  <Table.Tr>
                    {b.head.map((c, j) => (
                      <Table.Th key={j}>{inline(c, `${k}.h${j}`)}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {b.rows.map((r, ri) => (
                    <Table.Tr key={ri}>
                      {b.head.map((_, j) => (
                        <Table.Td key={j}>{inline(r[j] ?? '', `${k}.${ri}.${j}`)}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            );
          case 'rule':
            return (
              <hr
                key={k}
                style={{ border: 0, borderTop: '1px solid var(--mantine-color-default-border)' }}
              />
            );
        }
      })}
    </div>
  );
}
