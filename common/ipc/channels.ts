/**
 * Channel names, `domain:verb` (Signal's convention). Kept free of zod so the
 * sandboxed preload bundle stays tiny; contract.ts checks it covers every name.
 */
export const REQUEST_CHANNELS = [
  'businesses:list',
  'businesses:create',
  'businesses:rename',
  'contacts:list',
  'contacts:importErrors',
  'contacts:setOptOut',
  'tasks:list',
  'tasks:get',
  'tasks:items',
  'tasks:start',
  'tasks:pause',
  'tasks:resume',
  'tasks:cancel',
  'tasks:retryFailed',
  'tasks:dismiss',
  'tasks:settleInDoubt',
  'outbox:list',
  'accounts:list',
  'accounts:add',
  'accounts:check',
  'accounts:replaceToken',
  'accounts:remove',
  'accounts:templates',
  'receipts:list',
  'receipts:attachments',
  'receipts:countToDelete',
  'receipts:openAttachment',
  'gmail:status',
  'gmail:connect',
  'gmail:disconnect',
  'settings:get',
  'settings:set',
] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const EVENT_CHANNELS = ['tasks:snapshot'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];
