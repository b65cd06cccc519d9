// The one navigation guard (STYLE §9): session first, then login, then a pending password change,
// then roles (403).
import type { Router } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { homeFor } from './home';

const APP_TITLE = '职评 · 职称评审网上申报系统';

export function installGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.loaded) await session.load();

    if (to.meta.public) {
      // A logged-in user opening the login page goes to their home instead.
      if (session.isLoggedIn && (to.name === 'Login' || to.name === 'Register')) return homeFor(session.roles);
      return true;
    }
    if (!session.isLoggedIn) return { name: 'Login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    // A one-time password opens nothing but the password change (the server refuses the rest too).
    if (session.user?.mustChangePassword && to.name !== 'ChangePassword') return { name: 'ChangePassword' };
    if (to.name === 'Home') return homeFor(session.roles);
    if (!session.hasAnyRole(to.meta.roles)) return { name: 'Forbidden', query: { from: to.fullPath } };
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE;
  });
}
