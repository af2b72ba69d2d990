// Paramètres → Enveloppe à fenêtre: where the recipient block prints, and a calibration page to
// check it against the doctor's own envelopes before sending anything.

import { h, toast } from '../lib/dom.js';
import { field, onSubmit } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

const NUMBERS = [
  ['window_left_mm', 'Marge gauche de la fenêtre (mm)'],
  ['window_top_mm', 'Marge haute de la fenêtre (mm)'],
  ['window_width_mm', 'Largeur de la fenêtre (mm)'],
  ['window_height_mm', 'Hauteur de la fenêtre (mm)'],
];

export async function envelopeSettings() {
  const settings = await invoke('envelope_settings_get');
  const status = h('p', { class: 'report', role: 'status', 'data-testid': 'envelope-status' });
  const folds = h('input', { type: 'checkbox', checked: settings.fold_marks, name: 'fold_marks' });
  const inputs = NUMBERS.map(([name, label]) =>
    field(name, label, h('input', { type: 'number', step: '0.5', value: settings[name] })));

  const read = (data) => {
    const out = { fold_marks: folds.checked };
    for (const [name] of NUMBERS) out[name] = Number(String(data.get(name)).replace(',', '.'));
    return out;
  };

  const form = h('form', { class: 'envelope-form', novalidate: true, 'data-testid': 'envelope-form' },
    h('p', { class: 'muted' },
      "Réglage par défaut : fenêtre d'enveloppe DL à 110 mm du bord gauche et 55 mm du haut, 85 × 33 mm. ",
      'Imprimez la page de calibrage, posez-la derrière une de vos enveloppes et ajustez si le cadre ne tombe pas dans la fenêtre.'),
    h('div', { class: 'row' }, inputs[0], inputs[1]),
    h('div', { class: 'row' }, inputs[2], inputs[3]),
    h('div', { class: 'field checkbox' }, h('label', {}, folds, ' Imprimer des repères de pliage (99 mm et 198 mm)')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', 'data-testid': 'envelope-save' }, 'Enregistrer le réglage'),
      h('button', {
        type: 'button', class: 'secondary', 'data-testid': 'calibration-print',
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          status.textContent = 'Préparation de la page de calibrage…';
          try {
            const saved = await invoke('calibration_page_export');
            if (!saved) status.textContent = 'Enregistrement annulé.';
            else if (saved.opened) status.textContent = `Page de calibrage enregistrée : ${saved.path}. Imprimez-la à 100 % (sans ajustement à la page).`;
            else status.textContent = `Page de calibrage enregistrée : ${saved.path}. Aucun lecteur de PDF n'a pu l'ouvrir : ouvrez ce fichier vous-même et imprimez-le à 100 %.`;
          } catch (err) {
            status.textContent = err.message;
          } finally {
            button.disabled = false;
          }
        },
      }, 'Imprimer une page de calibrage')),
    status);

  onSubmit(form, async (data) => {
    await invoke('envelope_settings_save', { settings: read(data) });
    status.textContent = 'Réglage enregistré ; il servira aux prochains courriers.';
    toast('Réglage de l’enveloppe enregistré.');
  });
  return form;
}
