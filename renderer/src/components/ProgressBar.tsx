import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.ts';
import type { Tone } from '../lib/task-view.ts';

/** Fixed-width bar with the percent beside it; null value = not known yet (indeterminate). */
export function ProgressBar({ value, tone, label }: { value: number | null; tone: Tone; label: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = value === null ? t('task.preparing') : fmt.percent(value);
  return (
    <div className={`progress progress--${tone}`}>
      <div
        className={value === null ? 'progress__track progress__track--indeterminate' : 'progress__track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value === null ? undefined : Math.round(value * 100)}
        aria-valuetext={text}
      >
        {/* Scaled, not resized: a transform moves on the compositor without a layout per snapshot. */}
        <div className="progress__fill" style={value === null ? undefined : { transform: `scaleX(${Math.min(1, Math.max(0, value))})` }} />
      </div>
      <span className="progress__text">{text}</span>
    </div>
  );
}
