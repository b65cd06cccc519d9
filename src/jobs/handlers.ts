// The handler for every job name; a missing one does not compile (STYLE §7).
import type { ServiceContext } from '../services/service-context';
import { runBurnJob, runDetectJob, type MaskingEngine } from '../services/masking.service';
import { runThumbnailJob } from '../services/attachment-thumbnail.service';
import { runReturnDeadlineJob } from '../services/review.service';
import { runRetentionSweepJob } from '../services/retention.service';
import { runDeadlineReminderJob, runYearDeadlineJob } from '../services/year-deadline.service';
import { runPublicityCloseJob } from '../services/publicity-close.service';
import type { HandlerTable } from './runner';

export interface SystemServices {
  ctx: ServiceContext;
  maskingThreads: number;
  /** Injected in tests that need a different engine; otherwise the worker pool is created on first use. */
  maskingEngine?: MaskingEngine;
  close?: () => Promise<void>;
}

/** The masking worker pool starts on first use, so processes that never mask never load ONNX. */
function lazyEngine(s: SystemServices): () => Promise<MaskingEngine> {
  let engine: Promise<MaskingEngine> | null = null;
  return () => {
    if (s.maskingEngine) return Promise.resolve(s.maskingEngine);
    if (!engine) {
      engine = import('../masking/pool').then(({ createMaskingPool }) => {
        const pool = createMaskingPool({ threads: s.maskingThreads });
        const prevClose = s.close;
        s.close = async () => {
          await pool.close();
          await prevClose?.();
        };
        return pool;
      });
    }
    return engine;
  };
}

export function buildHandlers(s: SystemServices): HandlerTable {
  const engine = lazyEngine(s);
  return {
    mask_detect: async (data, hc) => runDetectJob(s.ctx, await engine(), data.attachmentId, hc.progress),
    mask_burn: async (data, hc) => runBurnJob(s.ctx, await engine(), data.attachmentId, hc.progress),
    make_thumbnail: async (data) => runThumbnailJob(s.ctx, data.attachmentId),
    return_deadline: async (data) => runReturnDeadlineJob(s.ctx, data.applicationId),
    retention_sweep: async () => (await runRetentionSweepJob(s.ctx)).outcome,
    year_deadline: async (data) => runYearDeadlineJob(s.ctx, data),
    deadline_reminder: async (data) => runDeadlineReminderJob(s.ctx, data),
    publicity_close: async (data) => runPublicityCloseJob(s.ctx, data),
  };
}
