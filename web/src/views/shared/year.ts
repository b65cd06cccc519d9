// The review year the fee and entrustment pages start on: the open year of the catalog, else the latest.
import { onMounted, ref } from 'vue';
import { fetchCatalog } from '../../api/catalog';

export async function defaultYear(): Promise<{ year: number; years: number[] }> {
  const cat = await fetchCatalog();
  const years = cat.years.map((y) => y.year).sort((a, b) => b - a);
  const open = cat.years.find((y) => y.isOpen);
  return { year: open?.year ?? years[0] ?? new Date().getFullYear(), years };
}

/** A page's year picker: starts on the default year once mounted, then calls `load`. */
export function useReviewYear(load: () => Promise<void>) {
  const year = ref(0);
  const years = ref<number[]>([]);
  onMounted(async () => {
    const y = await defaultYear();
    year.value = y.year;
    years.value = y.years;
    await load();
  });
  return { year, years };
}
