//! The cast: the portraits and logos the game draws for whoever speaks or asks in a level. A
//! level names them in its `cast` (`(name: "Yanis", portrait: "garcon-2")`); a name it does
//! not cast still gets one, chosen from the name, so a teacher never has to draw or pick.

use crate::core::model::level::{Level, Scene};
use crate::core::model::text::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A face: the agency, friends, family, adults, strangers.
    Person,
    /// An app's or a site's logo.
    Logo,
}

/// A portrait the game can draw.
#[derive(Clone, Copy, Debug)]
pub struct Portrait {
    pub id: &'static str,
    pub kind: Kind,
    /// What it shows, for the teachers' list (French, English).
    pub shows: (&'static str, &'static str),
}

impl Portrait {
    pub fn shows(&self, lang: Lang) -> &'static str {
        lang.pick(self.shows.0, self.shows.1)
    }
}

const fn person(id: &'static str, fr: &'static str, en: &'static str) -> Portrait {
    Portrait {
        id,
        kind: Kind::Person,
        shows: (fr, en),
    }
}

const fn logo(id: &'static str, fr: &'static str, en: &'static str) -> Portrait {
    Portrait {
        id,
        kind: Kind::Logo,
        shows: (fr, en),
    }
}

/// Every bundled portrait, in the order of the teachers' list (docs/levels.md).
pub const PORTRAITS: [Portrait; 22] = [
    person(
        "agent",
        "l'agent traitant du QG, casque et lunettes",
        "the HQ handler, headset and glasses",
    ),
    person(
        "fille-1",
        "une collégienne, cheveux longs bruns",
        "a schoolgirl, long brown hair",
    ),
    person(
        "fille-2",
        "une collégienne, tresses noires",
        "a schoolgirl, black braids",
    ),
    person(
        "fille-3",
        "une collégienne, carré roux, lunettes",
        "a schoolgirl, red bob, glasses",
    ),
    person(
        "garcon-1",
        "un collégien, cheveux courts châtains",
        "a schoolboy, short brown hair",
    ),
    person(
        "garcon-2",
        "un collégien, cheveux noirs frisés",
        "a schoolboy, curly black hair",
    ),
    person(
        "garcon-3",
        "un collégien blond, casquette",
        "a blond schoolboy, cap",
    ),
    person("parent-1", "une mère, chignon", "a mother, hair in a bun"),
    person("parent-2", "un père, barbe", "a father, beard"),
    person("prof", "un ou une prof, lunettes", "a teacher, glasses"),
    person("adulte", "un adulte, cheveux gris", "an adult, grey hair"),
    person(
        "inconnu",
        "un inconnu : capuche, visage dans l'ombre",
        "a stranger: hood, face in shadow",
    ),
    logo(
        "appli-jeu",
        "logo d'un jeu (manette)",
        "a game's logo (gamepad)",
    ),
    logo(
        "appli-photo",
        "logo d'une appli photo (appareil)",
        "a photo app's logo (camera)",
    ),
    logo(
        "appli-video",
        "logo d'une appli vidéo (lecture)",
        "a video app's logo (play)",
    ),
    logo(
        "reseau",
        "logo d'un réseau social (bulle)",
        "a social network's logo (bubble)",
    ),
    logo(
        "concours",
        "logo d'un concours (cadeau)",
        "a giveaway's logo (gift)",
    ),
    logo(
        "boutique",
        "logo d'une boutique en ligne (sac)",
        "an online shop's logo (bag)",
    ),
    logo(
        "mail",
        "logo d'une messagerie (enveloppe)",
        "an e-mail's logo (envelope)",
    ),
    logo(
        "banque",
        "logo d'une banque ou d'un paiement",
        "a bank's or payment logo",
    ),
    logo("ecole", "logo du collège ou de l'ENT", "the school's logo"),
    logo(
        "site",
        "logo d'un site web (globe)",
        "a website's logo (globe)",
    ),
];

pub fn find(id: &str) -> Option<&'static Portrait> {
    PORTRAITS.iter().find(|p| p.id == id)
}

/// The portrait drawn for `name` in `level`: its cast entry, or one chosen from the name
/// among the faces (`kind` Person) or the logos, the same on every run.
pub fn portrait_of(level: &Level, name: &str, kind: Kind) -> &'static Portrait {
    if let Some(p) = level
        .cast
        .iter()
        .find(|r| r.name == name)
        .and_then(|r| find(&r.portrait))
    {
        return p;
    }
    // The agency and strangers are not left to chance.
    // Drawn on every frame: chosen without allocating.
    let pool = || {
        PORTRAITS
            .iter()
            .filter(move |p| p.kind == kind && !matches!(p.id, "agent" | "inconnu"))
    };
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let n = pool().count();
    pool()
        .nth(hash as usize % n)
        .expect("both kinds have portraits")
}

/// Every name the level shows with a portrait, in both languages: speakers, chat contacts,
/// apps and recipients. A cast entry naming none of them is a typo.
pub fn names<'a>(level: &'a Level) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut add = |n: &'a crate::core::model::text::Name| {
        out.push(n.get(Lang::Fr));
        out.push(n.get(Lang::En));
    };
    for scene in &level.scenes {
        match scene {
            Scene::Story(s) => s.speaker.iter().for_each(&mut add),
            Scene::Share(f) | Scene::Permissions(f) => add(&f.app),
            Scene::Chat(c) => {
                add(&c.contact);
                c.options
                    .iter()
                    .filter_map(|o| o.to.as_ref())
                    .for_each(&mut add);
            }
            Scene::Choice(c) => {
                c.options
                    .iter()
                    .filter_map(|o| o.to.as_ref())
                    .for_each(&mut add);
                if let Some(look) = &c.look {
                    look.names().into_iter().for_each(&mut add);
                }
            }
            Scene::Quiz(_) | Scene::End(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_both_kinds_have_a_pool() {
        let mut ids: Vec<&str> = PORTRAITS.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), PORTRAITS.len());
        assert!(PORTRAITS.iter().filter(|p| p.kind == Kind::Logo).count() >= 5);
        assert!(PORTRAITS.iter().filter(|p| p.kind == Kind::Person).count() >= 5);
    }
}
