//! Bilingual text. French comes first: the players are French; English is complete.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The two languages every player-visible text exists in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Parses `fr` / `en` (any case), as given on the command line.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Some(Lang::Fr),
            "en" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the French or English variant of a pair of built-in strings.
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// A sentence a player reads, written `(fr: "…", en: "…")` in a level file.
///
/// Both halves are optional for the parser so that a missing translation is reported by
/// `check` as a located warning instead of a parse error that hides every other problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(fr: &str, en: &str) -> Text {
        Text {
            fr: Some(fr.to_string()),
            en: Some(en.to_string()),
        }
    }

    /// The text in `lang`, falling back to the other language when a translation is missing
    /// (a teacher's French-only level stays playable in English mode).
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Fr => (&self.fr, &self.en),
            Lang::En => (&self.en, &self.fr),
        };
        first
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .or(second.as_deref())
            .unwrap_or("")
    }

    /// Which languages are missing or blank.
    pub fn missing(&self) -> Vec<Lang> {
        let mut missing = Vec::new();
        if self.fr.as_deref().is_none_or(|s| s.trim().is_empty()) {
            missing.push(Lang::Fr);
        }
        if self.en.as_deref().is_none_or(|s| s.trim().is_empty()) {
            missing.push(Lang::En);
        }
        missing
    }
}

/// A proper name (an app, a contact, a recipient): either one string used in both languages,
/// `"ConcoursMania"`, or a translated pair, `(fr: "ta classe", en: "your class")`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Name {
    Same(String),
    Translated(Text),
}

impl Default for Name {
    fn default() -> Self {
        Name::Same(String::new())
    }
}

impl Name {
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Name::Same(s) => s,
            Name::Translated(t) => t.get(lang),
        }
    }

    /// The key that identifies a recipient in the footprint, whatever the display language.
    pub fn key(&self) -> String {
        match self {
            Name::Same(s) => s.trim().to_string(),
            Name::Translated(t) => t.get(Lang::Fr).trim().to_string(),
        }
    }

    pub fn as_text(&self) -> Text {
        match self {
            Name::Same(s) => Text::new(s, s),
            Name::Translated(t) => t.clone(),
        }
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::Same(s.to_string())
    }
}

// Hand-written so that the error for a wrong shape names both accepted forms.
impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name: \"…\" or (fr: \"…\", en: \"…\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Name, E> {
                Ok(Name::Same(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Name, E> {
                Ok(Name::Same(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Name, A::Error> {
                let mut text = Text::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "fr" if text.fr.is_none() => text.fr = Some(map.next_value()?),
                        "en" if text.en.is_none() => text.en = Some(map.next_value()?),
                        "fr" | "en" => {
                            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                        }
                        other => return Err(de::Error::unknown_field(other, &["fr", "en"])),
                    }
                }
                Ok(Name::Translated(text))
            }
        }
        deserializer.deserialize_any(NameVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_falls_back_to_the_other_language() {
        let only_fr = Text {
            fr: Some("Bonjour".into()),
            en: None,
        };
        assert_eq!(only_fr.get(Lang::En), "Bonjour");
        assert_eq!(only_fr.missing(), vec![Lang::En]);
        assert_eq!(Text::new("a", "b").get(Lang::En), "b");
    }

    #[test]
    fn name_accepts_a_string_or_a_pair() {
        let same: Name = ron::from_str("\"PixelPals\"").unwrap();
        assert_eq!(same.get(Lang::En), "PixelPals");
        let pair: Name = ron::from_str("(fr: \"ta classe\", en: \"your class\")").unwrap();
        assert_eq!(pair.get(Lang::En), "your class");
        assert_eq!(pair.key(), "ta classe");
        assert!(ron::from_str::<Name>("(fr: \"a\", de: \"b\")").is_err());
    }
}
