// The review year the fee and entrustment pages start on: the open year of the catalog, else the latest.
import { fetchCatalog } from '../../api/catalog';

export async function defaultYear(): Promise<{ year: number; years: number[] }> {
  const cat = await fetchCatalog();
  const years = cat.years.map((y) => y.year).sort((a, b) => b - a);
  const open = cat.years.find((y) => y.isOpen);
  return { year: open?.year ?? years[0] ?? new Date().getFullYear(), years };
}
