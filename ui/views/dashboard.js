// Tableau de bord: what needs attention now, then the map of the product.

import { h, clear, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { plural, longDate, daysLeft } from '../lib/format.js';
import { trendChart, legend, monthLabel } from '../lib/chart.js';

/** The nearest legal lapse of every open case, first of all: a missed date cannot be caught up. */
function caseLapses(s) {
  if (!s.case_lapses.length) return null;
  return h('ul', { class: 'attention lapses', 'data-testid': 'case-lapses' }, s.case_lapses.map((c) => h('li', {
    class: c.urgent ? 'urgent' : '', 'data-testid': 'case-lapse',
  }, h('a', { href: `#/dossiers/${c.case_id}` }, `Dossier « ${c.title} » : ${c.label.charAt(0).toLowerCase()}${c.label.slice(1)} ${c.approximate ? 'au plus tôt le' : 'le'} ${longDate(c.lapses_on)} (${daysLeft(c.days_left)}).`),
  c.alert_passed ? h('span', { class: 'badge overdue', 'data-testid': 'case-alert' }, ` Alerte du ${longDate(c.alert_passed)} : consultez un avocat à temps, un courrier n’arrête pas ce délai.`) : null)));
}

/** The reminders due today (also notified on the desktop), each can be put off a week. */
function reminders(s, redraw) {
  if (!s.reminders.length) return null;
  return h('section', { class: 'reminders' },
    h('h2', {}, 'Rappels'),
    h('ul', { class: 'attention', 'data-testid': 'reminders' }, s.reminders.map((r) => h('li', { class: r.urgent ? 'urgent' : '', 'data-testid': 'reminder' },
      h('a', { href: r.href }, h('strong', {}, r.title), ` — ${r.body}`),
      h('button', {
        class: 'link', 'data-testid': `reminder-snooze-${r.key}`,
        onclick: () => act(() => invoke('reminder_snooze', { key: r.key }), { done: 'Rappel reporté d’une semaine.', refresh: redraw }),
      }, 'Me le rappeler dans une semaine')))));
}

/** Overdue or due within 7 days, soonest first, each a link to where to act. */
function due(s) {
  if (!s.due.length) return null;
  return h('ul', { class: 'attention', 'data-testid': 'due' }, s.due.map((d) => h('li', { class: d.overdue ? 'urgent' : '' },
    h('a', { href: d.href }, `${d.label} : ${longDate(d.on)} (${daysLeft(d.days_left)}).`))));
}

/** The trend: reviews per month and average rating per platform, with the numbers as a table. */
function trend(s) {
  const t = s.trend;
  if (!t.counts.some((c) => c > 0)) return null;
  return h('section', { class: 'trend', 'data-testid': 'trend' },
    h('h2', {}, 'Tendance des avis (douze derniers mois)'),
    trendChart(t),
    h('ul', { class: 'legend' },
      h('li', {}, h('span', { class: 'swatch bar' }), 'Nombre d’avis par mois'),
      legend(t).map((l) => {
        // Through the CSSOM: the CSP allows no inline style attribute.
        const swatch = h('span', { class: 'swatch line' });
        swatch.style.backgroundColor = l.color;
        return h('li', {}, swatch, `Note moyenne — ${l.label}`);
      })),
    h('details', {}, h('summary', {}, 'Voir les chiffres'),
      h('table', { class: 'trend-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Mois'), h('th', {}, 'Avis'), t.platforms.map((p) => h('th', {}, `Note ${p.platform}`)))),
        h('tbody', {}, t.months.map((m, i) => h('tr', {}, h('td', {}, monthLabel(m)), h('td', {}, String(t.counts[i])),
          t.platforms.map((p) => h('td', {}, p.averages[i] == null ? '—' : String(p.averages[i]).replace('.', ',')))))))));
}

function attention(s) {
  const items = [];
  if (s.listings_overdue) {
    items.push(h('li', { class: 'urgent' }, h('a', { href: '#/fiches' },
      `${plural(s.listings_overdue, 'fiche dont le délai de réponse est dépassé', 'fiches dont le délai de réponse est dépassé')} : la plainte CNIL ou le déréférencement peuvent être préparés.`)));
  }
  if (s.listings_waiting) {
    items.push(h('li', {}, h('a', { href: '#/fiches' },
      `${plural(s.listings_waiting, 'demande d’effacement en attente de réponse', 'demandes d’effacement en attente de réponse')}.`)));
  }
  if (s.watch_new) {
    items.push(h('li', {}, h('a', { href: '#/veille', 'data-testid': 'attention-veille' },
      `${plural(s.watch_new, 'nouvelle mention dans la veille', 'nouvelles mentions dans la veille')} : à écarter, ou à transformer en fiche, avis ou dossier.`)));
  }
  if (s.letters_to_post) {
    items.push(h('li', {}, h('a', { href: '#/courriers' },
      `${plural(s.letters_to_post, 'courrier prêt à poster', 'courriers prêts à poster')} : une fois ${s.letters_to_post > 1 ? 'postés' : 'posté'}, notez la date et le numéro de recommandé.`)));
  }
  if (s.reviews_to_handle) {
    items.push(h('li', {}, h('a', { href: '#/avis' },
      `${plural(s.reviews_to_handle, 'avis à qualifier ou à traiter', 'avis à qualifier ou à traiter')}.`)));
  }
  // The case lapses above already ask for attention: no « nothing to do » under them. A new
  // practice always gets its first step, even with the monthly reminder above (issue 20).
  const firstRun = !s.listings && !s.reviews;
  if (!items.length && !firstRun && (s.case_lapses.length || s.due.length || s.reminders.length)) return null;
  return items.length
    ? h('ul', { class: 'attention', 'data-testid': 'attention' }, items)
    : h('p', { class: 'muted', 'data-testid': 'attention' }, s.listings || s.reviews
      ? 'Rien ne demande votre attention pour le moment.'
      : 'Commencez par noter les fiches qui vous référencent et les avis publiés sur vous.');
}

export async function dashboard(root, ctx) {
  const early = ctx.firstSummary;
  ctx.firstSummary = null;
  const summary = await (early ?? invoke('dashboard_summary'));
  const redraw = () => dashboard(clear(root), ctx);
  const card = (href, title, text) => h('a', { class: 'tile', href }, h('h3', {}, title), h('p', {}, text));
  root.append(h('section', { class: 'area', 'data-testid': 'dashboard' },
    h('h1', {}, 'Tableau de bord'),
    ctx.signer ? h('p', { class: 'lead', 'data-testid': 'welcome' }, `Bonjour ${ctx.signer}.`) : null,
    h('h2', {}, 'À faire'),
    caseLapses(summary),
    due(summary),
    reminders(summary, redraw),
    attention(summary),
    h('p', { class: 'muted' }, "Conseil de l'Ordre : faites une recherche à votre nom une fois par mois (moteurs de recherche, annuaires, réseaux sociaux)."),
    h('div', { class: 'tiles' },
      card('#/fiches', 'Fiches nominatives', `${plural(summary.listings, 'fiche suivie', 'fiches suivies')}. Les annuaires qui vous référencent sans votre accord, et les demandes d’effacement.`),
      card('#/avis', 'Avis et commentaires', `${plural(summary.reviews, 'avis enregistré', 'avis enregistrés')}. Des réponses sans risque pour le secret médical.`),
      card('#/dossiers', 'Dossiers (contenus illicites)', 'Les dossiers ouverts, les paliers d’action et les délais à ne pas manquer.'),
      card('#/courriers', 'Courriers', 'Les lettres prêtes à imprimer et leur suivi en recommandé.'),
      card('#/aides', 'Aides et assurances', 'À qui s’adresser : Ordre, URPS, assureurs, sociétés spécialisées.')),
    trend(summary)));
}
