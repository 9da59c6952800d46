//! The level model: what a teacher writes in a `.ron` file.
//!
//! A level is a graph of scenes. Field names are short English words (like code); their
//! meaning is documented in French and English in `docs/levels.md` / `docs/levels.en.md`.
//! Every optional field has a default so a teacher only writes what matters.

use crate::core::model::data::DataKind;
use crate::core::model::text::{Name, Text};
use serde::{Deserialize, Serialize};

/// The level file format this build reads.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub format: u32,
    pub id: String,
    pub title: Text,
    /// One or two sentences shown on the mission's dossier before it starts.
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// The first scene; defaults to the first scene of the list.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub stars: Stars,
    /// Who is drawn with which portrait (see `cast`); names left out get one chosen for them.
    #[serde(default)]
    pub cast: Vec<Role>,
    pub scenes: Vec<Scene>,
    pub debrief: DebriefContent,
}

/// The topics of SPEC §9, used for the content map, the duel board and the class report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Topic {
    SignUp,
    Permissions,
    Strangers,
    Passwords,
    Image,
    Geolocation,
    Cookies,
    FreeApps,
    Phishing,
    Reputation,
    Breaches,
    Rights,
    Help,
}

impl Topic {
    pub const ALL: [Topic; 13] = [
        Topic::SignUp,
        Topic::Permissions,
        Topic::Strangers,
        Topic::Passwords,
        Topic::Image,
        Topic::Geolocation,
        Topic::Cookies,
        Topic::FreeApps,
        Topic::Phishing,
        Topic::Reputation,
        Topic::Breaches,
        Topic::Rights,
        Topic::Help,
    ];

    pub fn label(self, lang: crate::core::model::text::Lang) -> &'static str {
        use Topic::*;
        let (fr, en) = match self {
            SignUp => (
                "Inscriptions et minimisation",
                "Sign-up forms and minimisation",
            ),
            Permissions => ("Autorisations des applis", "App permissions"),
            Strangers => ("Inconnus en ligne", "Strangers online"),
            Passwords => ("Mots de passe et comptes", "Passwords and accounts"),
            Image => ("Photos et droit à l'image", "Photos and image rights"),
            Geolocation => ("Géolocalisation", "Geolocation"),
            Cookies => ("Cookies et consentement", "Cookies and consent"),
            FreeApps => (
                "Applis « gratuites » et publicité",
                "\"Free\" apps and advertising",
            ),
            Phishing => (
                "Hameçonnage et faux concours",
                "Phishing and fake giveaways",
            ),
            Reputation => ("E-réputation", "Online reputation"),
            Breaches => ("Fuites de données", "Data breaches"),
            Rights => ("Tes droits (RGPD)", "Your rights (GDPR)"),
            Help => ("Demander de l'aide", "Getting help"),
        };
        lang.pick(fr, en)
    }
}

/// Score thresholds (0–100) for the second and third star. Reaching a success ending
/// earns the first star.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stars {
    #[serde(default = "Stars::default_two")]
    pub two: i32,
    #[serde(default = "Stars::default_three")]
    pub three: i32,
}

impl Stars {
    fn default_two() -> i32 {
        60
    }
    fn default_three() -> i32 {
        85
    }
}

impl Default for Stars {
    fn default() -> Self {
        Stars {
            two: Stars::default_two(),
            three: Stars::default_three(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Scene {
    Story(Story),
    Choice(Choice),
    Share(Form),
    Permissions(Form),
    Chat(Chat),
    Quiz(Quiz),
    End(End),
}

/// Narration or a message; the player continues.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub id: String,
    #[serde(default)]
    pub speaker: Option<Name>,
    pub text: Text,
    /// Checked in order before `next`: the first branch whose condition holds is taken.
    #[serde(default)]
    pub branches: Vec<Branch>,
    pub next: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: Cond,
    pub next: String,
}

/// A situation with 2–4 options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    /// The situation in one or two sentences, for a reader who meets this decision alone
    /// (a duel card); without it, the story that leads here sets it up.
    #[serde(default)]
    pub context: Option<Text>,
    pub text: Text,
    /// Drawn like what it imitates: a social post, a cookie banner.
    #[serde(default)]
    pub look: Option<Look>,
    pub options: Vec<Opt>,
    /// The expert's explanation, shown in the debrief.
    #[serde(default)]
    pub explain: Option<Text>,
}

/// One entry of a level's cast: the name as the level writes it (a speaker, a chat contact,
/// an app, a recipient, a post's author), and the portrait drawn for it (`model::cast`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub name: String,
    pub portrait: String,
}

/// How a Choice is drawn when it imitates a screen the pupil knows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Look {
    /// A social-media post the player reacts to, shown above the question.
    Post(Post),
    /// A cookie banner: the question is its text and the options are its buttons.
    Banner(Banner),
}

impl Look {
    /// The names drawn with a portrait.
    pub fn names(&self) -> Vec<&Name> {
        match self {
            Look::Post(p) => std::iter::once(&p.author)
                .chain(p.comments.iter().map(|c| &c.from))
                .collect(),
            Look::Banner(b) => vec![&b.site],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub author: Name,
    pub text: Text,
    /// What the photo shows, drawn as an illustration with this caption.
    #[serde(default)]
    pub photo: Option<Text>,
    #[serde(default)]
    pub likes: u32,
    #[serde(default)]
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub from: Name,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    /// The site that shows the banner.
    pub site: Name,
}

/// One option of a Choice or a Chat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opt {
    pub text: Text,
    /// What happens right after (shown to the player and in the debrief).
    #[serde(default)]
    pub feedback: Option<Text>,
    pub next: String,
    /// The option is offered only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// Extra change of the *Vie privée* meter (sharing data already costs its weight).
    #[serde(default)]
    pub privacy: i32,
    /// Points towards what the player wanted to do.
    #[serde(default)]
    pub mission: i32,
    /// Data that leaves when this option is picked…
    #[serde(default)]
    pub share: Vec<DataKind>,
    /// …and who receives it (in a Chat, the contact by default).
    #[serde(default)]
    pub to: Option<Name>,
    /// Flags set for the rest of the level.
    #[serde(default)]
    pub set: Vec<String>,
    /// The better choice, named in the debrief.
    #[serde(default)]
    pub best: bool,
    /// A careless choice (the checker verifies careless play earns at most one star).
    #[serde(default)]
    pub risky: bool,
}

/// A Share form (sign-up page, profile…) or a Permissions dialog: the player ticks fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub id: String,
    /// The app or site asking; it receives what is ticked.
    pub app: Name,
    /// As for a Choice: the situation, for a reader who meets this form alone.
    #[serde(default)]
    pub context: Option<Text>,
    pub text: Text,
    pub fields: Vec<Field>,
    /// Mission points earned when every needed field is given.
    #[serde(default)]
    pub mission: i32,
    pub next: String,
    /// Where to go when a needed field was left empty (default: `next`, without the points).
    #[serde(default)]
    pub incomplete: Option<String>,
    #[serde(default)]
    pub explain: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub data: DataKind,
    /// Needed for what the player wants to do (data minimisation: most fields are not).
    #[serde(default)]
    pub needed: bool,
    /// Overrides the catalogue's label ("Ville", "Taille de t-shirt"…).
    #[serde(default)]
    pub label: Option<Text>,
    /// Why it is (or is not) needed, shown in the debrief.
    #[serde(default)]
    pub why: Option<Text>,
}

/// A conversation: the contact's messages, then the player's replies (a Choice in disguise).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chat {
    pub id: String,
    pub contact: Name,
    pub messages: Vec<Message>,
    pub options: Vec<Opt>,
    #[serde(default)]
    pub explain: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    #[serde(default)]
    pub from: Who,
    pub text: Text,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    #[default]
    Them,
    Me,
}

/// The agency's test card: one or more right answers and an explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub id: String,
    pub question: Text,
    pub answers: Vec<Answer>,
    pub explain: Text,
    /// Mission points for a right answer (all the right ones ticked, no wrong one).
    #[serde(default)]
    pub mission: i32,
    pub next: String,
    /// Where a wrong answer leads (default: `next`, without the points).
    #[serde(default)]
    pub wrong: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub text: Text,
    #[serde(default)]
    pub correct: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct End {
    pub id: String,
    pub outcome: Outcome,
    pub text: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    Success,
    Partial,
    Failure,
}

/// A condition on the level's flags or on the footprint (which spans every level played).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cond {
    Flag(String),
    /// This data was shared, in this level or an earlier one.
    Shared(DataKind),
    /// This data was shared in the level with this id.
    SharedIn(DataKind, String),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
}

/// What the debrief shows besides the player's own decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebriefContent {
    /// The key lesson, in one sentence.
    pub lesson: Text,
    /// 2–4 questions for class discussion.
    pub questions: Vec<Text>,
    /// Ids of terms in `glossary.ron`.
    #[serde(default)]
    pub glossary: Vec<String>,
    pub sources: Vec<Source>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Name,
    pub url: String,
}

impl Scene {
    pub fn id(&self) -> &str {
        match self {
            Scene::Story(s) => &s.id,
            Scene::Choice(s) => &s.id,
            Scene::Share(s) | Scene::Permissions(s) => &s.id,
            Scene::Chat(s) => &s.id,
            Scene::Quiz(s) => &s.id,
            Scene::End(s) => &s.id,
        }
    }

    /// The RON name of the scene kind, as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Scene::Story(_) => "Story",
            Scene::Choice(_) => "Choice",
            Scene::Share(_) => "Share",
            Scene::Permissions(_) => "Permissions",
            Scene::Chat(_) => "Chat",
            Scene::Quiz(_) => "Quiz",
            Scene::End(_) => "End",
        }
    }

    /// The options of a Choice or a Chat.
    pub fn options(&self) -> &[Opt] {
        match self {
            Scene::Choice(c) => &c.options,
            Scene::Chat(c) => &c.options,
            _ => &[],
        }
    }

    /// Every scene id this scene can lead to, with the field path where it is written
    /// (relative to the scene), for located diagnostics.
    pub fn exits(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        match self {
            Scene::Story(s) => {
                for (i, b) in s.branches.iter().enumerate() {
                    out.push((format!("branches[{i}].next"), b.next.as_str()));
                }
                out.push(("next".to_string(), s.next.as_str()));
            }
            Scene::Choice(_) | Scene::Chat(_) => {
                for (i, o) in self.options().iter().enumerate() {
                    out.push((format!("options[{i}].next"), o.next.as_str()));
                }
            }
            Scene::Share(f) | Scene::Permissions(f) => {
                out.push(("next".to_string(), f.next.as_str()));
                if let Some(inc) = &f.incomplete {
                    out.push(("incomplete".to_string(), inc.as_str()));
                }
            }
            Scene::Quiz(q) => {
                out.push(("next".to_string(), q.next.as_str()));
                if let Some(w) = &q.wrong {
                    out.push(("wrong".to_string(), w.as_str()));
                }
            }
            Scene::End(_) => {}
        }
        out
    }
}

impl Level {
    pub fn start_id(&self) -> Option<&str> {
        self.start
            .as_deref()
            .or_else(|| self.scenes.first().map(|s| s.id()))
    }

    pub fn scene(&self, id: &str) -> Option<&Scene> {
        self.scenes.iter().find(|s| s.id() == id)
    }

    pub fn scene_index(&self, id: &str) -> Option<usize> {
        self.scenes.iter().position(|s| s.id() == id)
    }

    /// What sets scene `id` up for a reader who meets it alone (a duel card): its own
    /// `context`, else the first story, in file order, that leads to it.
    pub fn setup_of(&self, id: &str) -> Option<&Text> {
        let own = match self.scene(id)? {
            Scene::Choice(c) => c.context.as_ref(),
            Scene::Share(f) | Scene::Permissions(f) => f.context.as_ref(),
            _ => None,
        };
        own.or_else(|| {
            self.scenes.iter().find_map(|s| match s {
                Scene::Story(story)
                    if story.next == id || story.branches.iter().any(|b| b.next == id) =>
                {
                    Some(&story.text)
                }
                _ => None,
            })
        })
    }

    /// Every leaf condition the level reads (story branches and option `when`s).
    pub fn condition_leaves(&self) -> Vec<&Cond> {
        let mut leaves = Vec::new();
        for s in &self.scenes {
            if let Scene::Story(st) = s {
                st.branches.iter().for_each(|b| b.when.leaves(&mut leaves));
            }
            s.options()
                .iter()
                .filter_map(|o| o.when.as_ref())
                .for_each(|c| c.leaves(&mut leaves));
        }
        leaves
    }
}

impl Cond {
    /// Visits every leaf condition.
    pub fn leaves<'a>(&'a self, out: &mut Vec<&'a Cond>) {
        match self {
            Cond::Not(c) => c.leaves(out),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.leaves(out)),
            leaf => out.push(leaf),
        }
    }

    /// Evaluates the condition with `leaf` deciding each leaf.
    pub fn eval(&self, leaf: &mut impl FnMut(&Cond) -> bool) -> bool {
        match self {
            Cond::Not(c) => !c.eval(leaf),
            Cond::All(cs) => cs.iter().all(|c| c.eval(leaf)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(leaf)),
            l => leaf(l),
        }
    }
}
