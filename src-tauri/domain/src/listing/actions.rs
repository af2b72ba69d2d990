//! What the listing view should offer next, with the guide's caveats where they apply.
//! The UI shows these and nothing else; [`super::apply`] re-checks whatever the doctor picks.

use chrono::NaiveDate;
use serde::Serialize;

use super::{ListingState, Status, RECEIPT_RULE};
use crate::site::Route;
use crate::deadline::{gdpr_extension_notice_limit, is_overdue};

/// One thing the doctor can do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Produce the RGPD opposition + erasure letter (PDF).
    GenerateErasureLetter,
    /// Record a request sent by email or through the site's form.
    RecordRequestSent,
    RecordReceipt,
    RecordExtension,
    RecordReply,
    RecordRefusal,
    RecordNoAnswer,
    /// Produce the CNIL complaint pack, then record the filing.
    CnilComplaintPack,
    /// Produce the dereferencing request for search engines, then record it.
    DereferencingRequest,
    /// Information only: going to court, with a lawyer.
    CourtAction,
    /// Information only: the page rests on the doctor's contract with the platform; ask it to
    /// close the page or end the subscription.
    ContractClosure,
    /// Information only: ask INSEE for « diffusion partielle » of the SIRENE data.
    InseeDiffusion,
    /// Information only: what remains possible on a business listing (Google).
    BusinessListingOptions,
    CheckPresence,
    ConfirmRemoval,
    RecordReappearance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextAction {
    pub kind: ActionKind,
    /// Button or link text, in French.
    pub label: String,
    /// Warnings to show beside it, in French.
    pub caveats: Vec<String>,
}

/// The guide: dereferencing hides the page from search engines, it does not delete it.
pub const CAVEAT_DEREFERENCING_KEEPS_PAGE: &str = "Le déréférencement retire la page des résultats des moteurs de recherche (Google, Bing…) pour une recherche sur vos nom et prénom ; elle reste en ligne, consultable par son adresse ou par la recherche du site lui-même.";
/// Point 3 of issue 8: the rule the workflow follows and the letters state.
pub const CAVEAT_DEREFERENCING_ANY_TIME: &str = "Le déréférencement est un droit que vous exercez auprès du moteur de recherche : vous pouvez le demander sans avoir d'abord écrit au site, ou en même temps. Le guide le présente comme l'étape qui suit la demande faite au site, quand celle-ci ne suffit pas.";
/// Point 14: one request per engine, through its own form.
pub const CAVEAT_DEREFERENCING_EACH_ENGINE: &str = "Faites une demande par moteur, chacune par son formulaire en ligne : Google et Bing (adresses des formulaires à vérifier). Le PDF produit est une copie pour votre dossier, pas une lettre à poster.";
/// The guide: these steps target the listing, not reviews.
pub const CAVEAT_NOT_FOR_REVIEWS: &str = "Ces démarches visent la fiche elle-même : elles ne s'appliquent pas aux avis et commentaires (par exemple sur Google), qui se traitent par le signalement à la plateforme ou depuis le volet « Avis ».";
pub const CAVEAT_CNIL_NO_DAMAGES: &str = "La CNIL peut rappeler l'éditeur à ses obligations, le mettre en demeure ou le sanctionner, mais elle n'accorde aucune indemnisation et ne traite pas la diffamation.";
pub const CAVEAT_CNIL_NEEDS_PROOF: &str = "Joignez votre demande, la preuve d'envoi, l'accusé de réception (ou la preuve de première présentation) et toute réponse reçue : la CNIL n'instruit pas une plainte sans preuve de la démarche faite auprès de l'éditeur.";
/// The guide's sentence, where it belongs: letters and complaints, not court.
pub const CAVEAT_LAWYER: &str = "Vous pouvez faire ces démarches (courriers, plainte à la CNIL) sans avocat, mais l'avis d'un avocat ou de votre assureur (protection juridique) reste vivement recommandé. Ces informations ne sont pas un conseil juridique.";
/// Court: a lawyer is in principle required before the tribunal judiciaire.
pub const CAVEAT_COURT_LAWYER: &str = "Devant le tribunal judiciaire, la représentation par un avocat est en principe obligatoire (le code de procédure civile prévoit des exceptions). Consultez un avocat, ou votre assureur au titre de la protection juridique, avant toute action en justice. Ces informations ne sont pas un conseil juridique.";
pub const CAVEAT_OFFICIAL: &str = "Annuaire officiel : l'inscription découle de votre exercice. Pour une erreur, demandez une correction à l'organisme qui le tient (Ordre, Assurance maladie) plutôt qu'un effacement.";
/// Point 10: a page that rests on the doctor's own contract.
pub const CAVEAT_CONTRACT: &str = "Votre page sur cette plateforme relève de votre contrat (abonnement) : le traitement est nécessaire à son exécution (article 6, paragraphe 1, sous b), du RGPD), et l'opposition de l'article 21 ne s'applique pas. Demandez par écrit à la plateforme de fermer ou de masquer la page, ou mettez fin à l'abonnement selon ses conditions générales, et gardez la preuve de la demande. Si la page reste en ligne une fois le contrat terminé, la demande d'effacement redevient possible : changez alors le type du site en « Annuaire ».";
/// Point 10: company-register re-users.
pub const CAVEAT_INSEE: &str = "Ce site reprend les données des registres d'entreprises (SIRENE). Si vous exercez en entreprise individuelle, demandez d'abord à l'INSEE le statut de « diffusion partielle » de vos données SIRENE : il limite ce que reçoivent les sites qui les réutilisent (démarche et effets à vérifier sur le site de l'INSEE). Une opposition auprès du site reste possible.";
/// Point 10: Google business listings.
pub const CAVEAT_GOOGLE_LISTING: &str = "Les juridictions ont souvent rejeté les demandes de médecins visant à faire supprimer leur fiche d'établissement Google, en retenant l'intérêt du public à être informé (à vérifier auprès d'un avocat). Ce qui reste possible : devenir administrateur de la fiche pour répondre aux avis et corriger les informations, signaler à Google les avis contraires à ses règles, et demander la suppression des avis illicites depuis le volet « Avis ». Une opposition au titre du RGPD peut être tentée, avec peu de chances de succès.";

fn action(kind: ActionKind, label: &str, caveats: &[&str]) -> NextAction {
    NextAction { kind, label: label.to_owned(), caveats: caveats.iter().map(|c| (*c).to_owned()).collect() }
}

fn cnil_pack() -> NextAction {
    action(ActionKind::CnilComplaintPack, "Préparer la plainte à la CNIL", &[CAVEAT_CNIL_NEEDS_PROOF, CAVEAT_CNIL_NO_DAMAGES, CAVEAT_NOT_FOR_REVIEWS, CAVEAT_LAWYER])
}

fn dereferencing() -> NextAction {
    action(
        ActionKind::DereferencingRequest,
        "Demander le déréférencement aux moteurs de recherche",
        &[CAVEAT_DEREFERENCING_KEEPS_PAGE, CAVEAT_DEREFERENCING_ANY_TIME, CAVEAT_DEREFERENCING_EACH_ENGINE, CAVEAT_NOT_FOR_REVIEWS],
    )
}

fn court() -> NextAction {
    action(ActionKind::CourtAction, "Demander la suppression en justice", &[CAVEAT_COURT_LAWYER])
}

fn presence() -> NextAction {
    action(ActionKind::CheckPresence, "Vérifier la présence de la fiche", &[])
}

fn removal() -> NextAction {
    action(ActionKind::ConfirmRemoval, "Indiquer que la fiche a été supprimée", &[])
}

/// The actions that make sense for `state` on `today`, most pressing first.
pub fn next_actions(state: &ListingState, today: NaiveDate) -> Vec<NextAction> {
    use ActionKind::*;
    let deadline = state.answer_deadline();
    let overdue = state.awaiting_answer() && deadline.is_some_and(|d| is_overdue(d.due_on, today));
    let mut out = Vec::new();
    let deref_open = state.route.dereferencing_offered() && state.dereferencing_requested_on.is_none();
    match state.status {
        Status::Found => match state.route {
            Route::Correction => {
                out.push(action(CheckPresence, "Vérifier la présence de la fiche", &[CAVEAT_OFFICIAL]));
                return out;
            }
            Route::Contract => {
                out.push(action(ContractClosure, "Demander à la plateforme de fermer votre page (contrat)", &[CAVEAT_CONTRACT]));
                out.push(presence());
                out.push(removal());
            }
            route => {
                if route == Route::RegisterDiffusion {
                    out.push(action(InseeDiffusion, "Demander à l'INSEE la diffusion partielle de vos données", &[CAVEAT_INSEE]));
                }
                if route == Route::BusinessListing {
                    out.push(action(BusinessListingOptions, "Ce qui est possible sur une fiche d'établissement", &[CAVEAT_GOOGLE_LISTING]));
                }
                out.push(action(GenerateErasureLetter, "Rédiger la demande d'effacement (lettre recommandée)", &[CAVEAT_NOT_FOR_REVIEWS, CAVEAT_LAWYER]));
                out.push(action(RecordRequestSent, "J'ai fait la demande par courriel ou formulaire", &[]));
                if deref_open {
                    out.push(dereferencing());
                }
                out.push(presence());
                out.push(removal());
            }
        },
        Status::ErasureRequested | Status::Extended if overdue => {
            out.push(action(RecordNoAnswer, "Constater l'absence de réponse", &[]));
            out.push(cnil_pack());
            if deref_open {
                out.push(dereferencing());
            }
            out.push(action(RecordReply, "Enregistrer une réponse tardive", &[]));
            out.push(action(RecordRefusal, "Enregistrer un refus", &[]));
            out.push(presence());
            out.push(removal());
        }
        Status::ErasureRequested | Status::Extended => {
            if state.received_on.is_none() {
                out.push(action(RecordReceipt, "Saisir la date de réception (avis de réception ou première présentation)", &[RECEIPT_RULE]));
            }
            out.push(action(RecordReply, "Enregistrer la réponse de l'éditeur", &[]));
            out.push(action(RecordRefusal, "Enregistrer un refus", &[]));
            if let (Status::ErasureRequested, Some(received)) = (state.status, state.received_on) {
                let limit = gdpr_extension_notice_limit(received);
                if today <= limit {
                    let note = format!(
                        "Une prolongation de deux mois n'est valable que si l'éditeur vous l'a notifiée, avec ses motifs, au plus tard le {} (art. 12.3 RGPD).",
                        limit.format("%d/%m/%Y")
                    );
                    out.push(NextAction { kind: RecordExtension, label: "Enregistrer une prolongation notifiée".into(), caveats: vec![note] });
                }
            }
            if deref_open {
                out.push(dereferencing());
            }
            out.push(presence());
            out.push(removal());
        }
        Status::Answered => {
            out.push(presence());
            out.push(removal());
            out.push(action(RecordRefusal, "La réponse est un refus", &[]));
            out.push(NextAction {
                label: "Préparer la plainte à la CNIL (réponse incomplète)".into(),
                ..cnil_pack()
            });
            if deref_open {
                out.push(dereferencing());
            }
        }
        Status::NoAnswer | Status::Refused => {
            out.push(cnil_pack());
            if deref_open {
                out.push(dereferencing());
            }
            if state.status == Status::NoAnswer {
                out.push(action(RecordReply, "Enregistrer une réponse tardive", &[]));
                out.push(action(RecordRefusal, "Enregistrer un refus", &[]));
            }
            out.push(court());
            out.push(presence());
            out.push(removal());
        }
        Status::CnilComplaint | Status::DereferencingRequested => {
            if state.cnil_complaint_on.is_none() {
                out.push(cnil_pack());
            }
            if deref_open {
                out.push(dereferencing());
            }
            out.push(court());
            out.push(presence());
            out.push(removal());
        }
        Status::Removed => {
            out.push(action(CheckPresence, "Vérifier que la fiche n'est pas revenue", &[]));
            out.push(action(RecordReappearance, "La fiche est réapparue", &[]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::{apply, Event, RequestChannel};
    use crate::site::Route;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kinds(state: &ListingState, today: NaiveDate) -> Vec<ActionKind> {
        next_actions(state, today).into_iter().map(|a| a.kind).collect()
    }

    /// Sent by email on Tuesday 10 March 2026 → due Friday 10 April 2026.
    fn waiting() -> ListingState {
        let e = Event::ErasureRequested { sent_on: d(2026, 3, 10), channel: RequestChannel::Email, letter_id: None, registered_number: None };
        apply(&ListingState::new(d(2026, 3, 1), true), &e, d(2026, 3, 10)).unwrap()
    }

    #[test]
    fn a_new_listing_offers_the_erasure_letter() {
        let k = kinds(&ListingState::new(d(2026, 3, 1), true), d(2026, 3, 2));
        assert_eq!(k[0], ActionKind::GenerateErasureLetter);
        assert!(!k.contains(&ActionKind::CnilComplaintPack));
    }

    #[test]
    fn before_the_due_date_no_cnil_pack_but_an_extension_can_be_recorded() {
        let k = kinds(&waiting(), d(2026, 4, 10));
        assert!(!k.contains(&ActionKind::CnilComplaintPack));
        // Issue 8, point 3: dereferencing may be asked at any time, beside the request.
        assert!(k.contains(&ActionKind::DereferencingRequest));
        assert!(k.contains(&ActionKind::RecordExtension));
        assert!(!kinds(&waiting(), d(2026, 4, 11)).contains(&ActionKind::RecordExtension));
    }

    #[test]
    fn after_the_due_date_the_cnil_pack_and_dereferencing_are_offered_with_caveats() {
        let acts = next_actions(&waiting(), d(2026, 4, 11));
        let k: Vec<_> = acts.iter().map(|a| a.kind).collect();
        assert!(k.contains(&ActionKind::CnilComplaintPack) && k.contains(&ActionKind::DereferencingRequest));
        let deref = acts.iter().find(|a| a.kind == ActionKind::DereferencingRequest).unwrap();
        assert!(deref.caveats.iter().any(|c| c.contains("reste en ligne")));
        assert!(deref.caveats.iter().any(|c| c.contains("avis et commentaires")));
        let cnil = acts.iter().find(|a| a.kind == ActionKind::CnilComplaintPack).unwrap();
        assert!(cnil.caveats.iter().any(|c| c.contains("aucune indemnisation")));
    }

    #[test]
    fn waiting_for_the_acknowledgement_asks_for_its_date() {
        let e = Event::ErasureRequested { sent_on: d(2026, 3, 10), channel: RequestChannel::RegisteredLetter, letter_id: None, registered_number: Some("1A12345678901".into()) };
        let s = apply(&ListingState::new(d(2026, 3, 1), true), &e, d(2026, 3, 10)).unwrap();
        assert_eq!(kinds(&s, d(2026, 6, 1))[0], ActionKind::RecordReceipt, "no AR, no clock, no CNIL pack");
        assert!(!kinds(&s, d(2026, 6, 1)).contains(&ActionKind::CnilComplaintPack));
    }

    #[test]
    fn escalated_listings_offer_the_missing_step_only() {
        let mut s = waiting();
        s.status = Status::CnilComplaint;
        s.cnil_complaint_on = Some(d(2026, 4, 20));
        let k = kinds(&s, d(2026, 4, 21));
        assert!(!k.contains(&ActionKind::CnilComplaintPack) && k.contains(&ActionKind::DereferencingRequest));
        assert!(k.contains(&ActionKind::CourtAction));
    }

    #[test]
    fn dereferencing_is_offered_from_the_start_with_the_guides_order_explained_once() {
        let acts = next_actions(&ListingState::new(d(2026, 3, 1), true), d(2026, 3, 2));
        let deref = acts.iter().find(|a| a.kind == ActionKind::DereferencingRequest).expect("offered on a new listing");
        assert!(deref.caveats.iter().any(|c| c.contains("sans avoir d'abord écrit au site")));
        assert!(deref.caveats.iter().any(|c| c.contains("Google et Bing")), "one request per engine");
        let mut done = waiting();
        done.dereferencing_requested_on = Some(d(2026, 3, 12));
        assert!(!kinds(&done, d(2026, 4, 11)).contains(&ActionKind::DereferencingRequest), "not twice");
    }

    #[test]
    fn the_lawyer_sentence_sits_with_letters_and_court_needs_a_lawyer() {
        // Issue 8, point 11.
        let mut s = waiting();
        s.status = Status::Refused;
        let acts = next_actions(&s, d(2026, 5, 1));
        let court = acts.iter().find(|a| a.kind == ActionKind::CourtAction).unwrap();
        assert!(court.caveats.iter().all(|c| !c.contains("sans avocat")), "{:?}", court.caveats);
        assert!(court.caveats.iter().any(|c| c.contains("avocat est en principe obligatoire")));
        let cnil = acts.iter().find(|a| a.kind == ActionKind::CnilComplaintPack).unwrap();
        assert!(cnil.caveats.iter().any(|c| c.contains("sans avocat")));
        let letter = next_actions(&ListingState::new(d(2026, 3, 1), true), d(2026, 3, 2));
        assert!(letter[0].caveats.iter().any(|c| c.contains("sans avocat")));
    }

    #[test]
    fn each_route_offers_its_own_way_out() {
        // Issue 8, point 10.
        let on = |r| kinds(&ListingState::on_route(d(2026, 3, 1), r), d(2026, 3, 2));
        let contract = on(Route::Contract);
        assert_eq!(contract[0], ActionKind::ContractClosure);
        assert!(!contract.contains(&ActionKind::GenerateErasureLetter) && !contract.contains(&ActionKind::DereferencingRequest));
        let register = on(Route::RegisterDiffusion);
        assert_eq!(register[0], ActionKind::InseeDiffusion);
        assert!(register.contains(&ActionKind::GenerateErasureLetter));
        let google = next_actions(&ListingState::on_route(d(2026, 3, 1), Route::BusinessListing), d(2026, 3, 2));
        assert_eq!(google[0].kind, ActionKind::BusinessListingOptions);
        assert!(google[0].caveats[0].contains("souvent rejeté") && google[0].caveats[0].contains("administrateur"));
        assert!(!google.iter().any(|a| a.kind == ActionKind::DereferencingRequest));
        assert_eq!(on(Route::Objection)[0], ActionKind::GenerateErasureLetter);
        let contract_caveat = &next_actions(&ListingState::on_route(d(2026, 3, 1), Route::Contract), d(2026, 3, 2))[0].caveats[0];
        assert!(contract_caveat.contains("article 21 ne s'applique pas") && contract_caveat.contains("abonnement"));
    }

    #[test]
    fn the_receipt_step_accepts_first_presentation() {
        // Issue 8, point 9.
        let e = Event::ErasureRequested { sent_on: d(2026, 3, 10), channel: RequestChannel::RegisteredLetter, letter_id: None, registered_number: Some("1A12345678901".into()) };
        let s = apply(&ListingState::new(d(2026, 3, 1), true), &e, d(2026, 3, 10)).unwrap();
        let receipt = next_actions(&s, d(2026, 6, 1)).into_iter().find(|a| a.kind == ActionKind::RecordReceipt).unwrap();
        assert!(receipt.label.contains("première présentation"));
        assert!(receipt.caveats[0].contains("non réclamé") && receipt.caveats[0].contains("date de première présentation"));
    }

    #[test]
    fn official_and_removed_listings() {
        let official = next_actions(&ListingState::new(d(2026, 3, 1), false), d(2026, 3, 2));
        assert_eq!(official.len(), 1);
        assert!(official[0].caveats[0].contains("Annuaire officiel"));
        let mut gone = waiting();
        gone.status = Status::Removed;
        assert_eq!(kinds(&gone, d(2026, 5, 1)), vec![ActionKind::CheckPresence, ActionKind::RecordReappearance]);
    }
}
