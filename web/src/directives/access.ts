// v-access="['unit_leader']": removes the element unless the user has one of the roles.
// A convenience only; the server refuses what the role may not do.
import type { Directive } from 'vue';
import type { Role } from '../api/types';
import { useSessionStore } from '../stores/session';

export const vAccess: Directive<HTMLElement, Role | readonly Role[]> = {
  mounted(el, binding) {
    const wanted = Array.isArray(binding.value) ? binding.value : [binding.value as Role];
    if (!useSessionStore().hasAnyRole(wanted)) el.remove();
  },
};
