// Phones (issue 11): one breakpoint for the whole app. Below it the layout swaps the sidebar for a
// drawer and forms go to one column (Element Plus's `xs` is < 768 px, the same line).
import { readonly, ref } from 'vue';

export const PHONE_QUERY = '(max-width: 767px)';

const phone = ref(false);
let watching = false;

/** True while the window is phone-narrow; one media-query listener shared by every caller. */
export function usePhone() {
  if (!watching && typeof window !== 'undefined' && window.matchMedia) {
    watching = true;
    const mq = window.matchMedia(PHONE_QUERY);
    phone.value = mq.matches;
    mq.addEventListener('change', (e) => (phone.value = e.matches));
  }
  return readonly(phone);
}
