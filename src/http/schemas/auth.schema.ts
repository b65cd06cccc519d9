// Schemas of sign-up, sign-in, the session and the catalog every signed-in user reads.
import { Type } from 'typebox';
import { NullableString } from './common.schema';

export const RegisterBody = Type.Object(
  {
    idNumber: Type.String({ title: '身份证号', minLength: 1, maxLength: 18 }),
    name: Type.String({ title: '姓名', minLength: 1, maxLength: 50 }),
    mobile: Type.String({ title: '手机号码', minLength: 1, maxLength: 20 }),
    password: Type.String({ title: '密码', minLength: 8, maxLength: 128 }),
  },
  { additionalProperties: false },
);

/** The one answer to a well-formed registration (registered before or not); no session: the page then signs in. */
export const RegisterAccepted = Type.Object({ message: Type.String() });

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ title: '当前密码', minLength: 1, maxLength: 128 }),
    newPassword: Type.String({ title: '新密码', minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

export const ResetPasswordBody = Type.Object(
  { username: Type.String({ title: '用户名', minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const ResetPasswordResult = Type.Object({
  username: Type.String(),
  /** One-time: shown once to the administrator, changed by the user at first login. */
  password: Type.String(),
});

/** Demo mode only: the demo accounts the login page offers; empty and `demo: false` otherwise. */
export const DemoInfo = Type.Object({
  demo: Type.Boolean(),
  password: Type.Union([Type.String(), Type.Null()]),
  accounts: Type.Array(Type.Object({ username: Type.String(), label: Type.String() })),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ title: '用户名', minLength: 1, maxLength: 64 }),
    password: Type.String({ title: '密码', minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  /** Signed in with a one-time password: the web app shows only the password change. */
  mustChangePassword: Type.Boolean(),
  roles: Type.Array(
    Type.Object({
      role: Type.String(),
      roleLabel: Type.String(),
      organisationId: Type.Union([Type.Integer(), Type.Null()]),
      organisationName: Type.Union([Type.String(), Type.Null()]),
      /** bureau: the prefecture bureau (州人社局); county_bureau: a county's (县人社局), without prefecture powers. */
      organisationKind: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const IntegrityBanView = Type.Union([Type.Object({ endsOn: Type.String({ format: 'date' }), message: Type.String() }), Type.Null()]);

export const Session = Type.Object({
  user: UserView,
  /** I1 (issue 10 item 4): the integrity ban running for the user's ID number, told at login. */
  integrityBan: IntegrityBanView,
});

/** The web app's session probe: `user` is null when nobody is signed in (an answer, not an error). */
export const SessionProbe = Type.Object({ user: Type.Union([UserView, Type.Null()]), integrityBan: IntegrityBanView });

/** Review years, series and specialties, levels and recommending units, for the forms. */
export const Catalog = Type.Object({
  years: Type.Array(Type.Object({ year: Type.Integer(), isOpen: Type.Boolean() })),
  specialties: Type.Array(Type.Object({ id: Type.Integer(), series: Type.String(), seriesCode: Type.String(), name: Type.String() })),
  levels: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  recommendingUnits: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), competentName: NullableString })),
});

export const Health = Type.Object({ status: Type.String(), database: Type.String(), time: Type.String() });
