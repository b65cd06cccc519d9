import type { RouteLocationRaw } from 'vue-router';
import type { Role } from '../api/types';
import { layoutChildren } from './routes/index';

/** The first menu page the user's roles may open; 403 page when none exists yet. */
export function homeFor(roles: readonly Role[]): RouteLocationRaw {
  const first = layoutChildren.find(
    (r) => r.meta?.menu && (!r.meta.roles || r.meta.roles.some((role) => roles.includes(role))),
  );
  return first?.name ? { name: first.name } : { name: 'Forbidden' };
}
