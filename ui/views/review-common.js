// Small pieces shown both in the inbox and on a review's page.

import { h } from '../lib/dom.js';
import { shortDate } from '../lib/format.js';

export function stars(rating) {
  if (!rating) return h('span', { class: 'stars none' }, 'sans note');
  return h('span', { class: `stars r${rating}`, role: 'img', 'aria-label': `Note : ${rating} sur 5` }, '★'.repeat(rating) + '☆'.repeat(5 - rating));
}

export function statusBadge(status, choices) {
  const label = choices.statuses.find((s) => s.id === status)?.label || status;
  return h('span', { class: `status status-${status}`, 'data-testid': 'review-status' }, label);
}

/** "12/03/2026", or "vers le 12/03/2026 (« il y a 2 mois », vu le 12/05/2026)". */
export function published(p) {
  if (p.kind === 'exact') return shortDate(p.on);
  return `vers le ${shortDate(p.estimated_on)} (« ${p.seen_text} », vu le ${shortDate(p.seen_on)})`;
}

/** The guide's advice, shown where it helps: on Google reviews. */
export function googleAdvice() {
  return h('aside', { class: 'advice', 'data-testid': 'google-advice' },
    h('strong', {}, 'Avis Google : devenez administrateur de votre fiche établissement. '),
    'En revendiquant votre fiche (Google Business Profile, ex-Google My Business), vous pouvez répondre à chaque avis depuis votre compte, corriger les informations du cabinet et signaler un avis contraire au règlement de Google.');
}
