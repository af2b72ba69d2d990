// The medical-secrecy guard as the doctor sees it: the draft with risky passages marked
// (<mark> elements built as DOM nodes, never markup), and one entry per finding with its
// explanation, a suggestion and — for blocking ones — an explicit acknowledgement box.
// Offsets come from Rust already converted to JavaScript string indices (UTF-16).

import { h, clear } from '../lib/dom.js';

const SEVERITY = { block: 'Bloquant', warn: 'À vérifier' };

/** Key of a finding for its acknowledgement, built from the identity Rust gives it (`f.ack`). */
export const ackKey = (f) => JSON.stringify([f.ack.category, f.ack.matched]);

/** Overlapping findings become one mark with the most severe level. */
function segments(findings) {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      if (f.severity === 'block') last.severity = 'block';
      last.titles.push(f.explanation);
    } else {
      out.push({ start: f.start, end: f.end, severity: f.severity, titles: [f.explanation] });
    }
  }
  return out;
}

/** Fills `box` with `text`, the risky spans wrapped in <mark class="sev-…">. */
export function renderHighlights(box, text, findings) {
  clear(box);
  let cursor = 0;
  for (const s of segments(findings)) {
    if (s.start < cursor || s.end > text.length) continue;
    if (s.start > cursor) box.append(document.createTextNode(text.slice(cursor, s.start)));
    box.append(h('mark', { class: `sev-${s.severity}`, title: s.titles.join(' / '), 'data-testid': 'guard-mark' }, text.slice(s.start, s.end)));
    cursor = s.end;
  }
  if (cursor < text.length) box.append(document.createTextNode(text.slice(cursor)));
  if (!text) box.append(h('span', { class: 'muted' }, 'Le brouillon est vide.'));
}

/**
 * The list of findings. `acked` is a Set of ack keys, updated in place; `onChange` runs when a
 * box is ticked or unticked.
 */
export function renderFindings(list, findings, acked, onChange) {
  clear(list);
  if (!findings.length) {
    list.append(h('p', { class: 'guard-ok', 'data-testid': 'guard-ok' }, 'Aucun passage à risque détecté. Relisez tout de même : le contrôle aide, il ne remplace pas votre vigilance.'));
    return;
  }
  const ordered = [...findings].sort((a, b) => (a.severity === b.severity ? a.start - b.start : a.severity === 'block' ? -1 : 1));
  list.append(h('ul', { class: 'findings' }, ordered.map((f, i) => {
    const key = ackKey(f);
    const box = f.severity === 'block'
      ? h('label', { class: 'ack' },
        h('input', {
          type: 'checkbox', checked: acked.has(key), 'data-testid': `guard-ack-${i}`,
          onchange: (e) => { if (e.target.checked) acked.add(key); else acked.delete(key); onChange(); },
        }),
        ' Je maintiens ce passage en connaissance de cause')
      : null;
    return h('li', { class: `finding sev-${f.severity}`, 'data-testid': 'guard-finding' },
      h('p', {}, h('span', { class: `sev-label sev-${f.severity}` }, SEVERITY[f.severity] || f.severity),
        ' ', h('q', {}, f.ack.matched), h('span', { class: 'muted' }, ` — ${f.category_label}`)),
      h('p', {}, f.explanation),
      f.suggestion ? h('p', { class: 'suggestion' }, h('strong', {}, 'Suggestion : '), f.suggestion) : null,
      box);
  })));
}

/** Blocking findings not acknowledged yet. */
export function unacknowledged(findings, acked) {
  return findings.filter((f) => f.severity === 'block' && !acked.has(ackKey(f)));
}
