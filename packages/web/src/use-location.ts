import { useEffect, useState } from 'react';

/** The current path and query; `navigate` changes them without a reload (the server answers any path with the app). */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(window.location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(window.location.href));
    window.addEventListener('popstate', update);
    window.addEventListener('minga:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('minga:navigate', update);
    };
  }, []);
  return url;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event('minga:navigate'));
}
