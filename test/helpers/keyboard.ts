/**
 * Real key presses that behave the same in Chromium, Firefox and WebKit (see
 * test/plugins/keyboard.mjs for what sendKeys() does differently per engine).
 * Keys: one character, 'Space', or a named key such as 'Tab', 'Enter', 'Backspace',
 * 'Escape', 'ArrowLeft'; `press` also takes chords such as 'Shift+Tab'.
 */
import { executeServerCommand } from '@web/test-runner-commands';

type KeyboardPayload =
  | { action: 'type'; text: string }
  | { action: 'press' | 'down' | 'up'; key: string };

const keyboard = (payload: KeyboardPayload) =>
  executeServerCommand<boolean, KeyboardPayload>('keyboard', payload).then(() => undefined);

/** Presses and releases a key, or a chord such as 'Shift+Tab'. */
export const press = (key: string) => keyboard({ action: 'press', key });

/** Types text one full key press per character (repeated characters stay repeated). */
export const type = (text: string) => keyboard({ action: 'type', text });

/** Holds a key down until keyUp(key). */
export const keyDown = (key: string) => keyboard({ action: 'down', key });

/** Releases a key held by keyDown(key). */
export const keyUp = (key: string) => keyboard({ action: 'up', key });
