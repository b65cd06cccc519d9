import { http } from './http';
import type { Catalog } from './types';

export const fetchCatalog = () => http.get<Catalog>('/api/catalog');
