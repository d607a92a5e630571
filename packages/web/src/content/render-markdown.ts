import DOMPurify from 'dompurify';
import { marked } from 'marked';

// Every link a requester writes opens in a new tab, without a handle back to this page.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/**
 * Requester markdown → HTML that is safe to put in the page. marked passes raw HTML through, so
 * DOMPurify removes scripts, event handlers, `javascript:` URLs and the rest; forms and styles are
 * dropped too, so that task content cannot pose as the app's own controls.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}
