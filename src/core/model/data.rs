//! The catalogue of personal-data kinds a level can ask for, with their sensitivity.
//!
//! The weight is what sharing the item once costs on the *Vie privée* meter (which starts at
//! 100). GDPR special categories (art. 9: health, religion, opinions, origin, orientation,
//! biometrics) weigh most; items that let a stranger find or impersonate you come next.

use crate::core::model::text::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DataKind {
    Pseudonym,
    FirstName,
    LastName,
    Age,
    BirthDate,
    Email,
    Phone,
    Address,
    School,
    Photo,
    Location,
    Routine,
    Interests,
    Contacts,
    Camera,
    Microphone,
    Gallery,
    Password,
    BankCard,
    IdDocument,
    Health,
    Religion,
    Opinions,
    Origin,
    Orientation,
    Biometric,
}

/// What the game and the checker know about one kind of data.
pub struct DataInfo {
    pub fr: &'static str,
    pub en: &'static str,
    /// Privacy points lost each time this item leaves.
    pub weight: i32,
    /// A GDPR art. 9 special category.
    pub sensitive: bool,
    /// A short pictogram shown on the data card (text fallback: the label).
    pub icon: &'static str,
}

impl DataKind {
    pub const ALL: [DataKind; 26] = [
        DataKind::Pseudonym,
        DataKind::FirstName,
        DataKind::LastName,
        DataKind::Age,
        DataKind::BirthDate,
        DataKind::Email,
        DataKind::Phone,
        DataKind::Address,
        DataKind::School,
        DataKind::Photo,
        DataKind::Location,
        DataKind::Routine,
        DataKind::Interests,
        DataKind::Contacts,
        DataKind::Camera,
        DataKind::Microphone,
        DataKind::Gallery,
        DataKind::Password,
        DataKind::BankCard,
        DataKind::IdDocument,
        DataKind::Health,
        DataKind::Religion,
        DataKind::Opinions,
        DataKind::Origin,
        DataKind::Orientation,
        DataKind::Biometric,
    ];

    pub fn info(self) -> DataInfo {
        use DataKind::*;
        let (fr, en, weight, sensitive, icon) = match self {
            Pseudonym => ("Pseudo", "Nickname", 2, false, "🎭"),
            FirstName => ("Prénom", "First name", 4, false, "👤"),
            LastName => ("Nom de famille", "Surname", 8, false, "📛"),
            Age => ("Âge", "Age", 3, false, "🔢"),
            BirthDate => ("Date de naissance", "Date of birth", 8, false, "🎂"),
            Email => ("Adresse e-mail", "Email address", 6, false, "✉"),
            Phone => ("Numéro de téléphone", "Phone number", 10, false, "📞"),
            Address => ("Adresse postale", "Home address", 20, false, "🏠"),
            School => ("Collège", "School", 12, false, "🏫"),
            Photo => ("Photo de toi", "Photo of you", 12, false, "📷"),
            Location => ("Position", "Location", 20, false, "📍"),
            Routine => ("Emploi du temps", "Daily routine", 12, false, "🕒"),
            Interests => ("Centres d'intérêt", "Interests", 3, false, "⭐"),
            Contacts => ("Contacts", "Contacts", 15, false, "👥"),
            Camera => ("Caméra", "Camera", 12, false, "🎥"),
            Microphone => ("Micro", "Microphone", 12, false, "🎤"),
            Gallery => ("Photos du téléphone", "Photo gallery", 12, false, "🖼"),
            Password => ("Mot de passe", "Password", 30, false, "🔑"),
            BankCard => ("Carte bancaire", "Bank card", 30, false, "💳"),
            IdDocument => ("Pièce d'identité", "ID document", 25, false, "🛂"),
            Health => ("Santé", "Health", 35, true, "💊"),
            Religion => ("Religion", "Religion", 35, true, "🕊"),
            Opinions => ("Opinions politiques", "Political opinions", 35, true, "💬"),
            Origin => ("Origine ethnique", "Ethnic origin", 35, true, "🌍"),
            Orientation => ("Orientation sexuelle", "Sexual orientation", 35, true, "❤"),
            Biometric => (
                "Visage, voix ou empreinte",
                "Face, voice or fingerprint",
                35,
                true,
                "☝",
            ),
        };
        DataInfo {
            fr,
            en,
            weight,
            sensitive,
            icon,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let info = self.info();
        lang.pick(info.fr, info.en)
    }

    pub fn weight(self) -> i32 {
        self.info().weight
    }

    /// The identifier written in level files (`Address`).
    pub fn ident(self) -> String {
        format!("{self:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_data_weighs_most() {
        let max_ordinary = DataKind::ALL
            .iter()
            .filter(|d| !d.info().sensitive)
            .map(|d| d.weight())
            .max()
            .unwrap();
        for d in DataKind::ALL.iter().filter(|d| d.info().sensitive) {
            assert!(d.weight() > max_ordinary, "{d:?}");
        }
    }

    #[test]
    fn catalogue_lists_every_kind_once() {
        let mut all = DataKind::ALL.to_vec();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), DataKind::ALL.len());
        for d in DataKind::ALL {
            let parsed: DataKind = ron::from_str(&d.ident()).unwrap();
            assert_eq!(parsed, d);
        }
    }
}
