/**
 * Requester HTML in an iframe with every sandbox flag off: no scripts, no same-origin access, no forms,
 * no popups, no top navigation. The page's CSP (`default-src 'self'`) applies inside the srcdoc too.
 */
export function SandboxedHtml({ html, title }: { html: string; title: string }) {
  return <iframe className="sandboxed" sandbox="" srcDoc={html} title={title} referrerPolicy="no-referrer" />;
}
