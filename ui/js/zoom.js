/*
 * Page zoom from the keyboard, for people who need larger text: Ctrl+= (or
 * Ctrl++) larger, Ctrl+- smaller, Ctrl+0 back to 100 %, in the steps a
 * browser uses. The zoom is WebKit's own, set through the shell's ui_zoom,
 * so the page reflows into a narrower viewport as in a browser (ui/css/
 * a11y.css keeps every page usable at 200 %). The level is kept in
 * localStorage like the language (it says nothing about any case) and
 * applied again on every page, so it holds across pages and restarts.
 * Loaded on every page through topbar.js.
 */

import { invoke } from './ipc.js';

const STORAGE_KEY = 'homeward.zoom';
export const ZOOM_STEPS = [50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300];

function storedZoom() {
  try {
    const value = Number(window.localStorage.getItem(STORAGE_KEY));
    return ZOOM_STEPS.includes(value) ? value : 100;
  } catch {
    return 100;
  }
}

let current = storedZoom();

/** The zoom in percent this page asked for last. */
export function currentZoom() {
  return current;
}

/** Sets the window's zoom to `percent` (one of ZOOM_STEPS) and keeps it. */
export async function setZoom(percent) {
  current = percent;
  try {
    window.localStorage.setItem(STORAGE_KEY, String(percent));
  } catch {
    // Storage refused: the zoom still holds for this window until it closes.
  }
  try {
    await invoke('ui_zoom', { percent });
  } catch {
    // A shell without ui_zoom leaves the page as it is.
  }
}

function next(direction) {
  const index = ZOOM_STEPS.indexOf(current);
  return ZOOM_STEPS[Math.min(Math.max(index + direction, 0), ZOOM_STEPS.length - 1)];
}

window.addEventListener('keydown', (event) => {
  if (!event.ctrlKey || event.altKey || event.metaKey) {
    return;
  }
  let wanted;
  if (event.key === '=' || event.key === '+') {
    wanted = next(1);
  } else if (event.key === '-') {
    wanted = next(-1);
  } else if (event.key === '0') {
    wanted = 100;
  } else {
    return;
  }
  event.preventDefault();
  setZoom(wanted);
});

if (current !== 100) {
  setZoom(current);
}
