import type { Static } from 'typebox';
import type { RegisterBody as RegisterSchema } from '../../../src/http/schemas/auth.schema';
import { http } from './http';
import type { User } from './types';

export type RegisterBody = Static<typeof RegisterSchema>;

export const register = (body: RegisterBody) => http.post<{ user: User }>('/api/auth/register', body, { quiet: true });

/** `username` is the ID number, or a demo account's name. Wrong credentials answer 401, shown in place. */
export const login = (username: string, password: string) =>
  http.post<{ user: User }>('/api/auth/login', { username, password }, { quiet: true, allowUnauthorized: true });

export const logout = () => http.post<void>('/api/auth/logout');

/** The session probe: 401 simply means "not logged in". */
export const fetchMe = () => http.get<{ user: User }>('/api/me', { quiet: true, allowUnauthorized: true });
