/** Language, default country, worker limit, the Gmail OAuth client, and test mode's "simulate offline". */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, WORKER_LIMIT_MAX, WORKER_LIMIT_MIN, type Language, type SettingsPatch } from '../../../common/ipc/contract.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { GmailClientSetting } from '../components/GmailClientSetting.tsx';
import { useAction } from '../lib/use-action.ts';
import { useAppStore } from '../store/index.ts';

/** Every worker limit main accepts, smallest first. */
const WORKER_LIMITS = Array.from({ length: WORKER_LIMIT_MAX - WORKER_LIMIT_MIN + 1 }, (_, i) => WORKER_LIMIT_MIN + i);

const COUNTRIES = ['IL', 'US', 'GB', 'CA', 'AU', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'PL', 'PT', 'IE', 'GR', 'TR', 'AE', 'IN', 'BR', 'MX', 'AR', 'ZA', 'UA', 'RU', 'JP'];

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const settings = useAppStore((s) => s.settings);
  const status = useAppStore((s) => s.settingsStatus);
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const loadSettings = useAppStore((s) => s.loadSettings);
  const [saved, setSaved] = useState(false);
  const saving = useAction((change: () => Promise<unknown>) => change());

  /** Runs a change; true when it was saved, else the error is shown. */
  async function save(change: () => Promise<unknown>): Promise<boolean> {
    setSaved(false);
    const outcome = await saving.run(change);
    if (outcome.ok) setSaved(true);
    return outcome.ok;
  }
  const patch = (p: SettingsPatch) => save(() => updateSettings(p));

  const regionNames = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const countries = settings && !COUNTRIES.includes(settings.defaultCountry) ? [settings.defaultCountry, ...COUNTRIES] : COUNTRIES;

  return (
    <section className="screen screen--settings" aria-labelledby="settings-title">
      <div className="screen__head">
        <h2 id="settings-title" className="screen__title">
          {t('settings.title')}
        </h2>
        <span className="save-state" aria-live="polite">
          {saved ? t('settings.saved') : ''}
        </span>
      </div>
      <ErrorNote error={saving.error} onDismiss={saving.clearError} />
      {status.state === 'error' ? (
        <div className="stack">
          <ErrorNote error={status.error} />
          <button type="button" className="btn btn--small" onClick={() => void loadSettings()}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}

      <div className="card settings">
        <fieldset className="setting">
          <legend className="setting__label">{t('settings.language')}</legend>
          <div className="segmented">
            {LANGUAGES.map((lang: Language) => (
              <label key={lang} className="segmented__option">
                <input
                  type="radio"
                  name="language"
                  value={lang}
                  checked={language === lang}
                  onChange={() => void save(() => setLanguage(lang))}
                />
                <span lang={lang} dir={lang === 'he' ? 'rtl' : 'ltr'}>
                  {t(`settings.languageNames.${lang}`)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {settings ? (
          <>
            <div className="setting">
              <label className="setting__label" htmlFor="default-country">
                {t('settings.defaultCountry')}
              </label>
              <p className="setting__hint">{t('settings.defaultCountryHint')}</p>
              <select
                id="default-country"
                className="input"
                value={settings.defaultCountry}
                onChange={(e) => void patch({ defaultCountry: e.target.value })}
              >
                {countries.map((code) => (
                  <option key={code} value={code}>
                    {`${regionNames.of(code) ?? code} (${code})`}
                  </option>
                ))}
              </select>
            </div>

            <div className="setting">
              <label className="setting__label" htmlFor="worker-limit">
                {t('settings.workerLimit')}
              </label>
              <p className="setting__hint">{t('settings.workerLimitHint')}</p>
              <select
                id="worker-limit"
                className="input input--number"
                value={settings.workerLimit}
                onChange={(e) => void patch({ workerLimit: Number(e.target.value) })}
              >
                {WORKER_LIMITS.map((n) => (
                  <option key={n} value={n}>
                    {new Intl.NumberFormat(i18n.language).format(n)}
                  </option>
                ))}
              </select>
            </div>

            <GmailClientSetting settings={settings} save={save} />

            <div className="setting setting--row">
              <div>
                <label className="setting__label" htmlFor="test-offline">
                  {t('settings.testOffline')}
                </label>
                <p className="setting__hint">{t('settings.testOfflineHint')}</p>
              </div>
              <label className="switch">
                <input
                  id="test-offline"
                  type="checkbox"
                  role="switch"
                  checked={settings.testModeOffline}
                  onChange={(e) => void patch({ testModeOffline: e.target.checked })}
                />
                <span className="switch__track" aria-hidden="true" />
              </label>
            </div>

            <div className="setting setting--row">
              <div>
                <label className="setting__label" htmlFor="test-account">
                  {t('settings.testAccount')}
                </label>
                <p className="setting__hint">{t('settings.testAccountHint')}</p>
              </div>
              <label className="switch">
                <input
                  id="test-account"
                  type="checkbox"
                  role="switch"
                  checked={settings.testModeAccountProblem}
                  onChange={(e) => void patch({ testModeAccountProblem: e.target.checked })}
                />
                <span className="switch__track" aria-hidden="true" />
              </label>
            </div>
          </>
        ) : status.state === 'loading' ? (
          <p className="muted">{t('common.loading')}</p>
        ) : null}
      </div>
    </section>
  );
}
