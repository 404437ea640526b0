/** Electron's preventable event object, as its main-process events pass it. */
export interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function preventableEvent<T extends object>(fields?: T): StandInEvent & T {
  const event = {
    ...(fields ?? ({} as T)),
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}
