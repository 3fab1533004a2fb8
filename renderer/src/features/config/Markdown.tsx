// Guest notes as PVE shows them: Markdown with GitHub's extensions (tables, strike-through, task
// lists, autolinks), as PVE's marked (gfm, no hard line breaks), rendered by react-markdown to
// React elements, never through HTML strings. What PVE's sanitizer guards against is kept out
// here too, stricter where the desktop needs it:
// - raw HTML in the notes is shown as text, never parsed or run (PVE encodes the tags it refuses);
// - a link works only for plain https URLs (no other scheme, no user:password@), and opens
//   through the app's checked external-link path (a new-window request the host hands to the
//   user's browser after its own https check); any other link shows as plain text;
// - images are never fetched from the network (the CSP forbids it too): a raster data: image, as
//   PVE allows, is shown; any other shows its alt text as a placeholder.

import { Anchor, Blockquote, Checkbox, Code, List, Table, Text, Title } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import './markdown.css';

/** A link target the app opens: a plain https URL, else undefined. */
export function safeLinkHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// Raster images inline in the note (PVE's carve-out); never SVG, never a network address.
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|jpg|webp|bmp);base64,[a-z0-9+/=\s]+$/i;

/** The only URLs that reach an element: https links and raster data: images; '' drops it. */
function urlTransform(url: string, key: string): string {
  if (key === 'src') return DATA_IMAGE.test(url) ? url : '';
  if (key === 'href') return safeLinkHref(url) ?? '';
  return '';
}

const HEADING_ORDER = { h1: 4, h2: 5, h3: 6, h4: 6, h5: 6, h6: 6 } as const;

function heading(tag: keyof typeof HEADING_ORDER) {
  return function MdHeading({ children }: { children?: ReactNode }) {
    return (
      <Title order={HEADING_ORDER[tag]} mt={6} mb={4}>
        {children}
      </Title>
    );
  };
}

const COMPONENTS: Components = {
  h1: heading('h1'),
  h2: heading('h2'),
  h3: heading('h3'),
  h4: heading('h4'),
  h5: heading('h5'),
  h6: heading('h6'),
  p: ({ children }) => (
    <Text size="sm" mb={6}>
      {children}
    </Text>
  ),
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noreferrer noopener" size="sm">
        {children}
      </Anchor>
    ) : (
      <span data-unsafe-link>{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === 'string' && src ? (
      <img src={src} alt={alt ?? ''} className="md-image" />
    ) : (
      <span className="md-image-off" title="Images are not loaded from the network">
        <IconPhotoOff size={12} aria-hidden />
        {alt || 'image'}
      </span>
    ),
  code: ({ className, children }) => (
    // Fenced blocks arrive as <pre><code>; the pre below makes them a block.
    <Code className={className}>{children}</Code>
  ),
  pre: ({ children }) => (
    <Code block mb={6} component="pre">
      {childText(children)}
    </Code>
  ),
  blockquote: ({ children }) => (
    <Blockquote p="xs" pl="sm" mb={6} c="dimmed" fz="sm">
      {children}
    </Blockquote>
  ),
  ul: ({ children, className }) => (
    <List
      size="sm"
      mb={6}
      withPadding
      listStyleType={className?.includes('contains-task-list') ? 'none' : undefined}
    >
      {children}
    </List>
  ),
  ol: ({ children, start }) => (
    <List type="ordered" size="sm" mb={6} withPadding start={start}>
      {children}
    </List>
  ),
  li: ({ children }) => <List.Item>{children}</List.Item>,
  input: ({ type, checked }) =>
    type === 'checkbox' ? (
      <Checkbox
        size="xs"
        checked={checked === true}
        readOnly
        aria-label={checked ? 'done' : 'to do'}
        display="inline-block"
        mr={6}
        tabIndex={-1}
      />
    ) : null,
  table: ({ children }) => (
    <Table
      withTableBorder
      withColumnBorders
      fz="sm"
      verticalSpacing={2}
      mb={6}
      w="auto"
      data-testid="notes-table"
    >
      {children}
    </Table>
  ),
  thead: ({ children }) => <Table.Thead>{children}</Table.Thead>,
  tbody: ({ children }) => <Table.Tbody>{children}</Table.Tbody>,
  tr: ({ children }) => <Table.Tr>{children}</Table.Tr>,
  th: ({ children }) => <Table.Th>{children}</Table.Th>,
  td: ({ children }) => <Table.Td>{children}</Table.Td>,
  hr: () => <hr className="md-rule" />,
};

/** The text of a fenced block's <code> child (the block shows it as it is). */
function childText(children: ReactNode): ReactNode {
  if (children && typeof children === 'object' && 'props' in children) {
    const props = children.props as { children?: ReactNode };
    return props.children;
  }
  return children;
}

export function Markdown({ source }: { source: string }) {
  return (
    <div data-testid="notes-rendered" className="md-notes">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={COMPONENTS}
        urlTransform={urlTransform}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
