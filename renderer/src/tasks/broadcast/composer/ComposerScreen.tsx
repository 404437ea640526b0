/**
 * New broadcast, in two steps: edit (EditStep: recipients, how it is sent and the pace, the
 * message or an approved WhatsApp template with its values, the name, a live preview) and
 * review (SummaryStep), which starts it. The form's state is use-composer.ts, what it asks
 * of main is queries.ts, and the pure rules are draft.ts.
 */
import { useTranslation } from 'react-i18next';
import type { BusinessId } from '../../../../../common/model.ts';
import { EditStep } from './EditStep.tsx';
import { useSample, useTemplates } from './queries.ts';
import { SummaryStep } from './SummaryStep.tsx';
import { useComposer } from './use-composer.ts';

export function ComposerScreen({ businessId }: { businessId: BusinessId }) {
  const { t } = useTranslation();
  const form = useComposer(businessId);
  // Asked here, above both steps: going back from the summary asks nothing again.
  const sample = useSample(businessId, form.draft);
  const templates = useTemplates(businessId, form.usesTemplate ? form.draft.accountId : null);
  const { step } = form;

  return (
    <section className="screen screen--composer" aria-labelledby="composer-title">
      <div className="screen__head">
        <h2 id="composer-title" className="screen__title">
          {step === 'edit' ? t('composer.title') : t('composer.reviewTitle')}
        </h2>
        <ol className="steps" aria-label={t('composer.steps')}>
          <li aria-current={step === 'edit' ? 'step' : undefined}>{t('composer.stepEdit')}</li>
          <li aria-current={step === 'review' ? 'step' : undefined}>{t('composer.stepReview')}</li>
        </ol>
      </div>
      {step === 'edit' ? <EditStep form={form} sample={sample} templates={templates} /> : <SummaryStep form={form} sample={sample} />}
    </section>
  );
}
