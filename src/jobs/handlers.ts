// The handler for every job name; a missing one does not compile (STYLE §7).
import type { ServiceContext } from '../services/service-context';
import type { HandlerTable } from './runner';

export interface SystemServices {
  ctx: ServiceContext;
  maskingThreads: number;
  close?: () => Promise<void>;
}

export function buildHandlers(s: SystemServices): HandlerTable {
  return {
    mask_detect: async () => 'skipped',
    mask_burn: async () => 'skipped',
    return_deadline: async () => 'skipped',
  };
}
