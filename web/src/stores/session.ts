// The logged-in user and their roles (STYLE §9). UI checks are a convenience: the server decides.
import { ElMessage } from 'element-plus';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as auth from '../api/auth';
import { ApiProblem } from '../api/http';
import type { Role, User } from '../api/types';

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  /** I1: told at login and on the applicant's home page; the server refuses a draft meanwhile. */
  const integrityBan = ref<auth.IntegrityBan>(null);
  /** True once /api/auth/session has answered (logged in or not). */
  const loaded = ref(false);

  const roles = computed<Role[]>(() => [...new Set((user.value?.roles ?? []).map((r) => r.role as Role))]);
  const isLoggedIn = computed(() => user.value !== null);
  /** The roles line shown in the top bar, e.g. 「推荐单位审核员（州人民医院）」. */
  const roleSummary = computed(() =>
    (user.value?.roles ?? [])
      .map((r) => (r.organisationName ? `${r.roleLabel}（${r.organisationName}）` : r.roleLabel))
      .join('、'),
  );

  function hasAnyRole(wanted: readonly Role[] | undefined): boolean {
    if (!wanted || wanted.length === 0) return true;
    return roles.value.some((r) => wanted.includes(r));
  }

  async function load(): Promise<void> {
    try {
      const probe = await auth.fetchSession();
      user.value = probe.user;
      integrityBan.value = probe.integrityBan ?? null;
    } catch (err) {
      // Nobody signed in is an answer (user null); an error here means the server is unreachable or broken.
      ElMessage.error(err instanceof ApiProblem && err.status !== 404 && err.status !== 0 ? err.detail : '无法连接服务器，请稍后重试');
      user.value = null;
      integrityBan.value = null;
    } finally {
      loaded.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    await auth.login(username, password);
    // /api/auth/session carries the roles with organisation names; reload it rather than trusting the login echo.
    await load();
  }

  function setUser(u: User | null): void {
    user.value = u;
    loaded.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await auth.logout();
    } finally {
      user.value = null;
      integrityBan.value = null;
    }
  }

  return { user, integrityBan, loaded, roles, isLoggedIn, roleSummary, hasAnyRole, load, login, logout, setUser };
});
