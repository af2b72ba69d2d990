// The two ways a review enters the inbox: typed or pasted by hand, or imported from a file
// (CSV prepared in a spreadsheet, or the JSON of Google Business Profile reviews).

import { h, clear, toast } from '../lib/dom.js';
import { field, onSubmit } from '../lib/form.js';
import { invoke, channel } from '../lib/ipc.js';

// The documented CSV columns (see erm-usecases import/csv.rs), shown in the import panel.
const CSV_COLUMNS = [
  ['plateforme', 'oui', 'Google, Doctolib…'],
  ['auteur', 'oui', 'Le pseudonyme affiché.'],
  ['date', 'oui', 'JJ/MM/AAAA, AAAA-MM-JJ, ou l’âge affiché : « il y a 2 mois ».'],
  ['vu_le', 'non', 'Le jour où l’âge a été lu (JJ/MM/AAAA) ; par défaut, le jour de l’import.'],
  ['note', 'non*', 'Nombre entier de 1 à 5 (« 4 » ou « 4/5 »), vide s’il n’y en a pas.'],
  ['texte', 'non*', 'Le texte de l’avis.'],
  ['url', 'non', 'L’adresse http:// ou https:// de l’avis.'],
];

function addForm(choices, onAdded, onClose) {
  const names = [...new Set([...choices.sites.map((s) => s.name), ...choices.platforms])];
  const datalist = h('datalist', { id: 'review-platforms' }, names.map((n) => h('option', { value: n })));
  const rating = h('select', {}, h('option', { value: '' }, 'Pas de note'),
    [1, 2, 3, 4, 5].map((n) => h('option', { value: String(n) }, `${n} étoile${n > 1 ? 's' : ''}`)));
  const form = h('form', { class: 'review-form', 'data-testid': 'review-form', novalidate: true },
    h('fieldset', {},
      h('legend', {}, 'Ajouter un avis (copier-coller depuis la plateforme)'),
      h('div', { class: 'row' },
        field('platform', 'Plateforme', h('input', { list: 'review-platforms', placeholder: 'Google' })),
        field('author', 'Auteur (pseudonyme affiché)', h('input', { placeholder: 'Jean D.' }))),
      h('div', { class: 'row' },
        field('published', 'Date de publication', h('input', { placeholder: '12/03/2026 ou « il y a 2 mois »' }),
          'Une date, ou l’âge affiché par la plateforme : la date estimée sera notée comme approximative.'),
        field('rating', 'Note', rating)),
      field('url', 'Adresse de l’avis (facultatif)', h('input', { type: 'url', placeholder: 'https://…' }),
        'Pour rouvrir la page et y coller votre réponse.'),
      field('text', 'Texte de l’avis', h('textarea', { rows: 4 })),
      datalist),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: onClose }, 'Fermer'),
      h('button', { type: 'submit', 'data-testid': 'review-save' }, 'Enregistrer l’avis')));

  onSubmit(form, async (data) => {
    const input = Object.fromEntries(['platform', 'author', 'published', 'rating', 'url', 'text'].map((k) => [k, String(data.get(k) || '')]));
    const saved = await invoke('review_add', { input });
    toast(`Avis de « ${saved.author} » enregistré.`);
    form.reset();
    onClose(); // the new review shows at the top of the list, no longer pushed down by the form
    await onAdded(saved);
  });
  return form;
}

function importReport(outcome) {
  const { report, summary, file } = outcome;
  const json = file.toLowerCase().endsWith('.json');
  return h('div', { class: `import-report ${report.rejected.length ? 'bad' : 'ok'}`, 'data-testid': 'import-report', role: 'status' },
    h('p', {}, h('strong', {}, summary)),
    h('p', { class: 'muted small' }, `Fichier : ${file}`),
    report.rejected.length
      ? h('table', { class: 'rejected' },
        h('thead', {}, h('tr', {}, h('th', {}, json ? 'Avis n°' : 'Ligne'), h('th', {}, 'Motif du refus'))),
        h('tbody', {}, report.rejected.map((r) => h('tr', {}, h('td', {}, String(json ? r.line + 1 : r.line)), h('td', {}, r.reason)))))
      : null);
}

function importPanel(onImported, onClose) {
  const result = h('div', { 'data-testid': 'import-result' });
  const pick = h('button', {
    'data-testid': 'review-import-pick',
    onclick: async () => {
      pick.disabled = true;
      const line = h('p', { class: 'muted', role: 'status', 'data-testid': 'import-progress' }, 'Import en cours…');
      const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Avancement de l’import' });
      clear(result).append(line, bar);
      const progress = channel((p) => {
        if (p.stage === 'reading') line.textContent = 'Lecture et vérification du fichier…';
        if (p.stage === 'writing') {
          bar.max = Math.max(p.total, 1);
          bar.value = p.done;
          line.textContent = `Enregistrement : ${p.done} avis sur ${p.total}…`;
        }
      });
      try {
        const outcome = await invoke('review_import', { progress });
        clear(result);
        if (outcome) {
          result.append(importReport(outcome));
          if (outcome.report.inserted) await onImported();
        }
      } catch (err) {
        clear(result).append(h('p', { class: 'form-error', role: 'alert' }, err.message));
      } finally {
        pick.disabled = false;
      }
    },
  }, 'Choisir un fichier…');
  return h('section', { class: 'panel import-panel', 'data-testid': 'import-panel' },
    h('h2', {}, 'Importer des avis'),
    h('p', {}, 'Deux formats : un fichier CSV préparé dans un tableur (UTF-8 ou Windows-1252, séparateur « ; » ou « , »), ou le fichier JSON des avis de votre fiche Google (objets « reviews »). ',
      h('strong', {}, 'Tout ou rien : '), 'si une seule ligne est refusée, rien n’est enregistré et chaque ligne refusée est listée avec son motif. Un avis déjà présent n’est jamais dupliqué.'),
    h('details', { open: true },
      h('summary', {}, 'Colonnes du fichier CSV (première ligne ; ordre libre, majuscules et accents indifférents)'),
      h('table', { class: 'csv-columns' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Colonne'), h('th', {}, 'Obligatoire'), h('th', {}, 'Contenu'))),
        h('tbody', {}, CSV_COLUMNS.map(([c, req, what]) => h('tr', {}, h('td', {}, h('code', {}, c)), h('td', {}, req), h('td', {}, what))))),
      h('p', { class: 'small muted' }, '* Chaque ligne doit avoir une note, un texte, ou les deux. Les noms anglais (platform, author, rating, text…) sont aussi acceptés.'),
      h('pre', { class: 'csv-example' }, 'plateforme;url;auteur;date;note;texte\nGoogle;;Jean D.;il y a 2 mois;2;"Attente très longue; secrétariat désagréable."\nDoctolib;;Marie L.;05/03/2025;5;Très à l’écoute.')),
    h('div', { class: 'actions' }, pick, h('button', { class: 'secondary', onclick: onClose }, 'Fermer')),
    result);
}

/** The "Ajouter un avis" and "Importer" buttons with the panel they open. */
export function entryPanels({ choices, onAdded }) {
  const slot = h('div', { class: 'entry-slot' });
  const close = () => clear(slot);
  const show = (panel) => { clear(slot).append(panel); panel.querySelector('input, button')?.focus(); };
  return h('div', {},
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'review-add', onclick: () => show(addForm(choices, onAdded, close)) }, 'Ajouter un avis'),
      h('button', { class: 'secondary', 'data-testid': 'review-import', onclick: () => show(importPanel(onAdded, close)) }, 'Importer un fichier…')),
    slot);
}
