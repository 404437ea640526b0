/**
 * Desktop notifications for what the owner should know without looking: a task
 * finished, failed, left messages in doubt, or waits for the account. What to say
 * is decided in main/notifications/task-alerts.ts; this only shows it.
 */
import { Notification } from 'electron';
import type { Language } from '../../common/ipc/contract.ts';
import type { TaskSnapshot } from '../../common/model.ts';
import { alertText, createAlertTracker } from '../notifications/task-alerts.ts';

type SubscribeSnapshots = (listener: (snapshot: TaskSnapshot) => void) => () => void;

export interface NotifierOptions {
  onSnapshot: SubscribeSnapshots;
  /** Read at each notification, so a language change applies to the next one. */
  language: () => Language;
  /** A click brings the window forward. */
  onClick: () => void;
}

export function notifyAboutTasks(options: NotifierOptions): () => void {
  if (!Notification.isSupported()) return () => undefined;
  const alertFor = createAlertTracker(Date.now());
  // Held until closed: a notification that is garbage-collected loses its click handler.
  const showing = new Set<Notification>();

  const unsubscribe = options.onSnapshot((snapshot) => {
    const alert = alertFor(snapshot);
    if (!alert) return;
    const { title, body } = alertText(alert, options.language());
    const notification = new Notification({ title, body });
    showing.add(notification);
    const forget = () => showing.delete(notification);
    notification.on('click', () => {
      forget();
      options.onClick();
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    notification.show();
  });

  return () => {
    unsubscribe();
    showing.clear();
  };
}
