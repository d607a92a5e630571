import { NavLink } from '../nav-link.tsx';

const LINKS = [
  ['/', 'Projects'],
  ['/helpers', 'Helpers'],
  ['/api-keys', 'API keys'],
  ['/webhooks', 'Webhooks'],
] as const;

/** The requester's sections, in the top bar. */
export function RequesterNav({ path }: { path: string }) {
  return (
    <nav aria-label="Sections" className="sections">
      {LINKS.map(([to, label]) => (
        <NavLink key={to} to={to} current={to === '/' ? path === '/' || path.startsWith('/projects') || path.startsWith('/tasks') : path.startsWith(to)}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
