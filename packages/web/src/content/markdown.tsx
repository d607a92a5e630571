import { useMemo } from 'react';
import { renderMarkdown } from './render-markdown.ts';

/** Requester markdown, rendered sanitised (see renderMarkdown). */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={className ?? 'markdown'} dangerouslySetInnerHTML={{ __html: html }} />;
}
