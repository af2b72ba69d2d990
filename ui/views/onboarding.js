// First run: the practice profile is needed for letters and replies, so it comes first.

import { h } from '../lib/dom.js';
import { practiceForm } from './practice-form.js';

export function onboarding(onDone) {
  return h('section', { class: 'area onboarding', 'data-testid': 'onboarding' },
    h('h1', {}, 'Bienvenue'),
    h('p', { class: 'lead' },
      "Pour préparer vos courriers et vos réponses aux avis, l'application a besoin de votre profil professionnel. ",
      'Ces informations restent sur cet ordinateur ; vous pourrez les modifier et ajouter les autres médecins du cabinet dans Paramètres.'),
    practiceForm(null, { onSaved: onDone, submitLabel: 'Enregistrer et commencer' }));
}
