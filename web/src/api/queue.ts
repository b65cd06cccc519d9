// The background job queue, for the committee office (issue 13 item 3).
import type { Static } from 'typebox';
import type { QueueStatus as QueueStatusSchema } from '../../../src/http/schemas/queue.schema';
import { http } from './http';

export type QueueStatus = Static<typeof QueueStatusSchema>;

export const committeeQueue = () => http.get<QueueStatus>('/api/committee/queue');
