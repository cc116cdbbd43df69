/*
 * Long unbroken runs of typed text. WebKit lays out one "word" of thousands
 * of characters that mixes scripts (Latin and Urdu, say) in time that grows
 * with the square of its length when the word may be broken anywhere: a
 * 10,000-character run took 8 s in a paragraph and 20 s in a textarea,
 * with the window frozen meanwhile. An element whose own text (or a
 * field's value) holds a run of RUN or more characters without a space
 * gets the class `long-run` (app.css: line-break: anywhere), which breaks
 * it at once; ordinary prose keeps breaking between words. Pages call
 * watchLongRuns() once (it marks what is added later, before the next
 * paint); a page that draws and then at once focuses or measures (which
 * lays the page out before the watcher runs) marks what it drew with
 * markLongRunsIn(root), and markLongRuns(field) re-checks a field whose
 * value a script set.
 */

/** Characters without a space from which a run counts as long. */
export const RUN = 120;

const LONG = new RegExp(`\\S{${RUN},}`, 'u');

function isField(element) {
  return element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement;
}

function ownTextIsLong(element) {
  for (const node of element.childNodes) {
    if (node.nodeType === Node.TEXT_NODE && node.data.length >= RUN && LONG.test(node.data)) {
      return true;
    }
  }
  return false;
}

/** Sets or clears `long-run` on `element` (a field by its value, else by its own text). */
export function markLongRuns(element) {
  if (!(element instanceof Element)) {
    return;
  }
  const long = isField(element) ? element.value.length >= RUN && LONG.test(element.value) : ownTextIsLong(element);
  if (long) {
    element.classList.add('long-run');
  } else if (element.classList.contains('long-run')) {
    element.classList.remove('long-run');
  }
}

/** Marks every element and field under `root` (and `root` itself) now. */
export function markLongRunsIn(root) {
  if (root.nodeType === Node.TEXT_NODE) {
    markLongRuns(root.parentElement);
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) {
    return;
  }
  markLongRuns(root);
  for (const field of root.querySelectorAll('textarea, input')) {
    markLongRuns(field);
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (text.data.length >= RUN) {
      markLongRuns(text.parentElement);
    }
  }
}

let watching = false;

/** Marks long runs in the page now and in everything added, changed or typed later. */
export function watchLongRuns() {
  if (watching) {
    return;
  }
  watching = true;
  markLongRunsIn(document.body);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') {
        markLongRuns(record.target.parentElement);
      }
      for (const node of record.addedNodes) {
        markLongRunsIn(node);
      }
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  document.addEventListener('input', (event) => markLongRuns(event.target), true);
}
