// The job queue as the committee office sees it (issue 13 item 3).
import { Type } from 'typebox';

export const QueueStatus = Type.Object(
  {
    at: Type.String({ title: '统计时间' }),
    rows: Type.Array(
      Type.Object({
        lane: Type.Integer({ title: '队列（0 申报人等待中，1 期限作业，2 后台）' }),
        laneTitle: Type.String(),
        name: Type.String({ title: '作业类型' }),
        title: Type.String(),
        queued: Type.Integer({ title: '等待中' }),
        scheduled: Type.Integer({ title: '未到期' }),
        running: Type.Integer({ title: '处理中' }),
        oldestWaitSeconds: Type.Integer({ title: '最长等待秒数' }),
      }),
    ),
  },
  { title: '后台作业队列' },
);
