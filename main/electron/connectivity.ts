/**
 * Main watches connectivity: when the OS reports the network back, or the laptop wakes,
 * workers waiting offline probe at once instead of finishing their backoff (up to 8 s).
 * Workers still probe on their own; this only makes "goes on by itself" quicker.
 */
import { net, powerMonitor } from 'electron';

export function watchConnectivity(onChange: (online: boolean) => void, options: { onWake?: () => void; everyMs?: number } = {}): () => void {
  const everyMs = options.everyMs ?? 2000;
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now !== online) {
      online = now;
      onChange(now);
    }
  }, everyMs);
  const onResume = () => {
    // Before the network hint: workers' silence while asleep is forgiven first.
    options.onWake?.();
    onChange(net.isOnline());
  };
  powerMonitor.on('resume', onResume);
  return () => {
    clearInterval(timer);
    powerMonitor.removeListener('resume', onResume);
  };
}
