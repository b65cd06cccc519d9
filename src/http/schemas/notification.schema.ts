// Schemas of in-app notifications (every signed-in user).
import { Type } from 'typebox';
import { NullableInteger } from './common.schema';

export const NotificationQuery = Type.Object({ unread: Type.Optional(Type.Boolean({ title: '只看未读' })) }, { additionalProperties: false });

export const NotificationItem = Type.Object({
  id: Type.Integer(),
  applicationId: NullableInteger,
  text: Type.String(),
  createdAt: Type.String(),
  read: Type.Boolean(),
});
export const NotificationList = Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationItem) });
export const NotificationsRead = Type.Object({ updated: Type.Integer() });
