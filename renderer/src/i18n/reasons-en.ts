/**
 * English owner-facing sentences of main: the catalogue itself (common/reasons.ts), not a
 * copy. The window shows English reasons as main stored them; this is what i18next falls
 * back to, and what types the `reasons.*` keys.
 */
import { REASONS, type ReasonKey } from '../../../common/reasons.ts';

export const reasonsEn: Record<ReasonKey, string> = REASONS;
