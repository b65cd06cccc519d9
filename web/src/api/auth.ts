import type { Static } from 'typebox';
import type {
  ChangePasswordBody as ChangePasswordSchema,
  DemoInfo as DemoInfoSchema,
  RegisterAccepted as RegisterAcceptedSchema,
  RegisterBody as RegisterSchema,
  SessionProbe as SessionProbeSchema,
  Session as SessionSchema,
} from '../../../src/http/schemas/auth.schema';
import { http } from './http';
import type { User } from './types';

export type RegisterBody = Static<typeof RegisterSchema>;
export type ChangePasswordBody = Static<typeof ChangePasswordSchema>;
export type DemoInfo = Static<typeof DemoInfoSchema>;
/** I1: the integrity ban running for the signed-in person's ID number, with its end; or null. */
export type IntegrityBan = Static<typeof SessionSchema>['integrityBan'];

/** Always the same answer (no session), whether or not the ID number was registered; sign in next. */
export const register = (body: RegisterBody) => http.post<Static<typeof RegisterAcceptedSchema>>('/api/auth/register', body, { quiet: true });

/** `username` is the ID number, or an account name. Wrong credentials answer 401, shown in place. */
export const login = (username: string, password: string) =>
  http.post<{ user: User }>('/api/auth/login', { username, password }, { quiet: true, allowUnauthorized: true });

export const logout = () => http.post<void>('/api/auth/logout');

/** The session probe: `user` null means "not logged in" (a 200, so the browser logs no failed request). */
export const fetchSession = () => http.get<Static<typeof SessionProbeSchema>>('/api/auth/session', { quiet: true });

/** Change one's own password; the server answers with a new session (all others end). */
export const changePassword = (body: ChangePasswordBody) => http.post<{ user: User }>('/api/auth/password', body, { quiet: true });

/** Demo accounts to list on the login page; `demo: false` and nothing outside demo mode. */
export const fetchDemo = () => http.get<DemoInfo>('/api/auth/demo', { quiet: true });
