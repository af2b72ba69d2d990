// The evidence of a case: each piece copied into the data folder with its fingerprint (SHA-256),
// attached from a file or fetched by the app, checked again on demand; and why a constat by a
// commissaire de justice weighs more than screenshots.

import { h, clear, toast } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke, channel } from '../lib/ipc.js';
import { dateTime } from '../lib/format.js';
import { letterPanel } from './case-letters.js';

const CONSTAT = 'Une copie d’écran est une preuve libre dont le juge apprécie la valeur : elle peut être contestée (date, cache, retouche). Un constat dressé par un commissaire de justice selon la norme NF Z67-147 (matériel décrit, cache vidé, adresse IP, heure, chemin d’accès aux pages) est un acte authentique : au civil, il fait foi jusqu’à preuve contraire de ce que le commissaire a constaté ; au pénal, il vaut à titre de simple renseignement. Il établit que le contenu était en ligne le jour du constat, pas la date de sa première publication : pour celle-ci, gardez la date affichée sous le contenu et votre plus ancienne capture. Faites-en établir un avant toute action en justice, si possible avant que le contenu ne disparaisse.';

const size = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} Mo` : `${Math.max(1, Math.round(n / 1024))} Ko`);

function addForm(ctx) {
  const { d, options, redraw, result } = ctx;
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Avancement de la copie' });
  const form = h('form', { class: 'step-form', 'data-testid': 'evidence-form', novalidate: true },
    h('h4', {}, 'Joindre un fichier (copie d’écran, page enregistrée, constat…)'),
    h('div', { class: 'row' },
      field('kind', 'Type', h('select', {}, h('option', { value: '' }, 'D’après le fichier'), options.evidence_kinds.map((k) => h('option', { value: k.value }, k.label)))),
      field('url', 'Adresse de la page capturée', h('input', { value: d.case.url, inputmode: 'url' }))),
    h('div', { class: 'row' },
      field('captured_on', 'Capturée le', dateInput(options.today)),
      field('captured_time', 'à (HH:MM)', h('input', { placeholder: '14:05', maxlength: 5 })),
      field('visible_date', 'Date visible sur la page', h('input', { placeholder: 'par exemple « il y a 2 mois »' }))),
    field('note', 'Note', h('input', {})),
    h('p', { class: 'hint' }, `Le fichier est copié dans le dossier des données de l’application, jamais modifié, avec son empreinte SHA-256 (${options.max_evidence_mb} Mo au plus).`),
    bar,
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-testid': 'evidence-add' }, 'Choisir le fichier…')));
  onSubmit(form, async (fd) => {
    const args = { id: d.case.id };
    for (const [k, v] of fd.entries()) args[k] = String(v);
    if (!args.kind) delete args.kind;
    bar.hidden = false;
    const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; });
    try {
      const out = await invoke('case_evidence_add', { args, progress });
      if (out) { toast('Pièce ajoutée au dossier.'); await redraw(); } else { result.textContent = 'Ajout annulé.'; }
    } finally {
      bar.hidden = true;
    }
  });
  return form;
}

function fetchForm(ctx) {
  const { d, redraw } = ctx;
  const form = h('form', { class: 'step-form', 'data-testid': 'evidence-fetch-form', novalidate: true },
    h('h4', {}, 'Faire relever la page par l’application'),
    h('p', { class: 'hint' }, 'L’application télécharge la page elle-même et garde la réponse brute du site, ses en-têtes et l’heure : utile en complément des copies d’écran, sans remplacer un constat.'),
    field('url', 'Adresse de la page', h('input', { value: d.case.url, inputmode: 'url' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-testid': 'evidence-fetch' }, 'Relever la page')));
  onSubmit(form, async (fd) => {
    const button = form.querySelector('[type=submit]');
    button.textContent = 'Connexion au site…';
    try {
      await invoke('case_evidence_fetch', { args: { id: d.case.id, url: String(fd.get('url')) } });
      toast('Page relevée et ajoutée au dossier.');
      await redraw();
    } finally {
      button.textContent = 'Relever la page';
    }
  });
  return form;
}

export function evidenceSection(ctx) {
  const { d } = ctx;
  const report = h('div', { class: 'report', role: 'status', 'data-testid': 'evidence-report' });
  const list = d.evidence.length
    ? h('table', { class: 'evidence-table', 'data-testid': 'evidence-list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Pièce'), h('th', {}, 'Capturée le'), h('th', {}, 'Empreinte SHA-256'))),
      h('tbody', {}, d.evidence.map((e, i) => h('tr', { 'data-testid': 'evidence-row' },
        h('td', {}, h('strong', {}, `${i + 1}. ${e.original_name}`), h('br'), h('span', { class: 'muted' }, `${e.kind_label} · ${size(e.size_bytes)}`),
          e.url ? h('br') : null, e.url ? h('code', {}, e.url) : null),
        h('td', {}, dateTime(`${e.captured_at}`), e.visible_date ? h('p', { class: 'muted' }, `date visible : ${e.visible_date}`) : null),
        h('td', {}, h('code', { class: 'hash' }, e.sha256))))))
    : h('p', { class: 'muted' }, 'Aucune pièce pour l’instant. Faites tout de suite une copie d’écran datée montrant l’adresse de la page.');
  const verify = h('button', {
    class: 'secondary', 'data-testid': 'evidence-verify', disabled: !d.evidence.length,
    onclick: async () => {
      clear(report).append('Vérification des empreintes…');
      try {
        const rows = await invoke('case_evidence_verify', { id: d.case.id });
        const bad = rows.filter((r) => !r.intact);
        report.className = `report ${bad.length ? 'bad' : 'ok'}`;
        clear(report).append(bad.length
          ? h('ul', {}, bad.map((r) => h('li', {}, r.problem)))
          : `Les ${rows.length} pièces sont intactes : leurs empreintes sont celles relevées à l’ajout.`);
      } catch (err) {
        report.className = 'report bad';
        report.textContent = err.message;
      }
    },
  }, 'Vérifier l’intégrité des pièces');
  return h('section', { class: 'evidence', 'data-testid': 'evidence-section' },
    h('h3', {}, 'Preuves'),
    list,
    h('div', { class: 'actions' }, verify,
      h('button', {
        class: 'secondary', 'data-testid': 'evidence-inventory', disabled: !d.evidence.length,
        onclick: () => letterPanel(ctx, 'evidence_inventory'),
      }, 'Inventaire des preuves (PDF)')),
    report,
    h('details', {}, h('summary', {}, 'Copie d’écran ou constat de commissaire de justice ?'), h('p', {}, CONSTAT)),
    d.case.status === 'closed' ? null : [addForm(ctx), fetchForm(ctx)]);
}
