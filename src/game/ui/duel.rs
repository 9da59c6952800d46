//! Duel mode on the projector: the setup (team names, which cards), then the board with both
//! scores always visible, each card's scene, its short debrief, and the full debrief at the end.
//! Keyboard: Tab / arrows move between cells and buttons, Enter turns a card over or confirms,
//! 1–4 answer, Esc goes back.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::scene::{Ticks, scene_body};
use super::theme::{Palette, card, ink, palette, paper};
use crate::core::model::level::Topic;
use crate::core::model::text::Lang;
use crate::core::play::debrief::DecisionReport;
use crate::core::play::duel::{CardOutcome, CellState, Duel, Ending, Pool, Team};
use crate::core::play::duel_text;
use crate::core::play::rng::ClassCode;
use crate::game::content::Content;
use crate::game::duel::{DuelGame, DuelInput, SetupError, StartDuel};
use crate::game::progress::Progress;
use crate::game::screens::{Go, Screen};

pub struct Draft {
    team_a: String,
    team_b: String,
    pool: Pool,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            team_a: String::new(),
            team_b: String::new(),
            pool: Pool::All,
        }
    }
}

fn team_color(team: Team, p: &Palette) -> egui::Color32 {
    match team {
        Team::A => p.privacy,
        Team::B => p.mission,
    }
}

/// A team's mark: its letter as well as its colour (never colour alone).
fn mark(team: Team) -> &'static str {
    match team {
        Team::A => "A",
        Team::B => "B",
    }
}

fn stake_stars(n: u32) -> String {
    "★".repeat(n as usize)
}

pub fn setup_view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    content: Res<Content>,
    error: Res<SetupError>,
    mut draft: Local<Draft>,
    mut start: MessageWriter<StartDuel>,
    mut go: MessageWriter<Go>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    super::back_on_escape(&ctx, &mut go, Screen::Title);
    let mut root = super::root(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "duel-setup", |ui| {
            ui.heading(lang.pick(
                "Duel : deux équipes, un écran",
                "Duel: two teams, one screen",
            ));
            ui.label(
                egui::RichText::new(lang.pick(
                    "Chaque équipe retourne une carte à son tour et décide. Bonne décision : la carte est à vous. Donnée partagée sans raison : elle file à l'autre équipe !",
                    "Each team turns a card over in turn and decides. A good decision wins the card. Data shared for nothing: it goes to the other team!",
                ))
                .color(p.weak),
            );
            ui.add_space(8.0);
            let Draft {
                team_a,
                team_b,
                pool,
            } = &mut *draft;
            for (team, name) in [(Team::A, &mut *team_a), (Team::B, &mut *team_b)] {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(format!(
                            "{} {} :",
                            lang.pick("Équipe", "Team"),
                            mark(team)
                        ))
                        .color(team_color(team, &p))
                        .strong(),
                    );
                    ui.add(
                        egui::TextEdit::singleline(name)
                            .hint_text(team.default_name(lang))
                            .char_limit(crate::core::play::results::MAX_LABEL)
                            .desired_width(320.0),
                    );
                });
            }
            ui.label(
                egui::RichText::new(lang.pick(
                    "Un nom d'équipe, jamais de vrais noms d'élèves.",
                    "A team name, never pupils' real names.",
                ))
                .small()
                .color(p.weak),
            );
            // The cards are chosen before the launch button, in reading and in Tab order.
            ui.add_space(8.0);
            ui.label(lang.pick("Choisir les cartes :", "Choose the cards:"));
            ui.horizontal_wrapped(|ui| {
                ui.selectable_value(
                    pool,
                    Pool::All,
                    lang.pick("Toute la campagne", "The whole campaign"),
                );
                for (c, chapter) in content.chapters.iter().enumerate() {
                    ui.selectable_value(
                        pool,
                        Pool::Chapter(c),
                        format!(
                            "{} {} — {}",
                            lang.pick("Chapitre", "Chapter"),
                            c + 1,
                            chapter.title.get(lang)
                        ),
                    );
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.pick("ou un thème :", "or a topic:"));
                for topic in topics(&content) {
                    ui.selectable_value(pool, Pool::Topic(topic), topic.label(lang));
                }
            });
            ui.add_space(8.0);
            ui.label(
                egui::RichText::new(format!(
                    "{} {}",
                    lang.pick("Cartes :", "Cards:"),
                    pool_name(*pool, &content, lang)
                ))
                .strong(),
            );
            let code = progress.settings.class_code.as_deref().unwrap_or("");
            ui.label(
                egui::RichText::new(if code.is_empty() {
                    lang.pick(
                        "Pas de code de classe : le jeu en choisit un (affiché sur le plateau).",
                        "No class code: the game picks one (shown on the board).",
                    )
                    .to_string()
                } else {
                    lang.pick(
                        format!("Code de classe {code} : le même plateau pour toute la classe."),
                        format!("Class code {code}: the same board for the whole class."),
                    )
                })
                .color(p.weak),
            );
            if let Some(e) = &error.0 {
                ui.label(egui::RichText::new(format!("⚠ {}", e.get(lang))).color(p.bad));
            }
            let go_button = ui.add(
                egui::Button::new(
                    egui::RichText::new(lang.pick("▶  Lancer le duel", "▶  Start the duel"))
                        .size(28.0),
                )
                .min_size(egui::vec2(360.0, 60.0)),
            );
            if go_button.clicked() {
                start.write(StartDuel {
                    team_a: team_a.clone(),
                    team_b: team_b.clone(),
                    pool: *pool,
                });
            }
            if ui.button(lang.pick("◀ Accueil", "◀ Home")).clicked() {
                go.write(Go(Screen::Title));
            }
        });
    });
}

fn pool_name(pool: Pool, content: &Content, lang: Lang) -> String {
    match pool {
        Pool::All => lang
            .pick("toute la campagne", "the whole campaign")
            .to_string(),
        Pool::Chapter(c) => format!(
            "{} {} — {}",
            lang.pick("chapitre", "chapter"),
            c + 1,
            content.chapters.get(c).map_or("", |ch| ch.title.get(lang))
        ),
        Pool::Topic(t) => format!("{} {}", lang.pick("thème", "topic"), t.label(lang)),
    }
}

/// The topics the missions of this campaign cover, in the catalogue's order.
fn topics(content: &Content) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for m in &content.missions {
        if let Some(l) = &m.level {
            for t in &l.topics {
                if !out.contains(t) {
                    out.push(*t);
                }
            }
        }
    }
    out.sort();
    out
}

pub fn board_view(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    game: Option<Res<DuelGame>>,
    mut ticks: Local<Ticks>,
    mut input: MessageWriter<DuelInput>,
    mut go: MessageWriter<Go>,
    mut quitting: Local<bool>,
) {
    let Some(ctx) = super::context(&mut contexts) else {
        return;
    };
    let lang = progress.settings.lang;
    let p = palette(progress.settings.high_contrast);
    let Some(game) = game else {
        go.write(Go(Screen::DuelSetup));
        return;
    };
    let duel = &game.duel;
    // Esc: from a card's debrief back to the board; from the board to the menu. Never from
    // an open card (a team may not flee it).
    if game.showing.is_some() {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            input.write(DuelInput::Continue);
        }
    } else if duel.is_over() {
        super::back_on_escape(&ctx, &mut go, Screen::Title);
    } else if duel.open_cell().is_none()
        && !*quitting
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        // An unfinished duel is never left by one key: ask first.
        *quitting = true;
    }
    if *quitting {
        quit_dialog(&ctx, lang, &p, &mut quitting, &mut go);
    }
    let mut root = super::root(&ctx);
    egui::Panel::top("duel-scores").show(&mut root, |ui| {
        super::column(ui, |ui| scores(ui, duel, lang, &p, game.generated_code));
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        super::page(ui, "duel", |ui| {
            if let Some(n) = game.showing {
                short_debrief(ui, duel, n, lang, &p, &mut input);
            } else if let (Some(cell), Some(run)) = (duel.open_cell(), duel.open_run()) {
                let team = duel.turn();
                let stake = duel.board().card(cell).map_or(1, |c| c.stake);
                ui.label(
                    egui::RichText::new(format!(
                        "{} — {} {}",
                        duel_text::turn_of(duel.name(team), lang),
                        lang.pick("mise", "stake"),
                        stake_stars(stake)
                    ))
                    .strong()
                    .color(team_color(team, &p)),
                );
                ui.label(egui::RichText::new(run.level.title.get(lang)).color(p.weak));
                if let Some(setup) = duel.board().card(cell).and_then(|c| c.setup()) {
                    ui.add_space(8.0);
                    paper(&p).show(ui, |ui| {
                        ui.label(ink(setup.get(lang), &p));
                    });
                }
                ticks.sync(&run.level.id, run.scene());
                let order = option_order(duel, run, ticks.len());
                if let Some(action) = scene_body(ui, &ctx, run, &order, &mut ticks, lang, &p, false)
                {
                    input.write(DuelInput::Decide(action));
                }
            } else if duel.is_over() {
                final_debrief(ui, duel, lang, &p, &mut go);
            } else {
                board(ui, duel, lang, &p, &mut input);
            }
        });
    });
}

/// "Quitter le duel ?": leaving ends the duel and records nothing (the game forgets an
/// unfinished duel when its screen closes); Esc, a click beside or "Reprendre" goes back to it.
fn quit_dialog(
    ctx: &egui::Context,
    lang: Lang,
    p: &Palette,
    quitting: &mut bool,
    go: &mut MessageWriter<Go>,
) {
    let words = super::LeaveWords {
        title: lang.pick("Quitter le duel ?", "Leave the duel?"),
        text: lang.pick(
            "La partie s'arrête et rien n'est enregistré.",
            "The game stops and nothing is recorded.",
        ),
        stay: lang.pick("◀ Reprendre le duel", "◀ Back to the duel"),
        leave: lang.pick("Quitter", "Leave"),
    };
    if super::leave_dialog(ctx, "quit-duel", &words, p, quitting) {
        go.write(Go(Screen::Title));
    }
}

/// Options in the order the class code draws, as in a mission.
fn option_order(duel: &Duel, run: &crate::core::play::Run, ticks: usize) -> Vec<usize> {
    let len = run.scene().options().len().max(ticks);
    let code: &ClassCode = duel.board().code();
    crate::core::play::rng::item_order(Some(code), &run.level.id, run.scene().id(), len)
}

fn scores(ui: &mut egui::Ui, duel: &Duel, lang: Lang, p: &Palette, generated: bool) {
    // Two equal halves of the column, each team's lines one under the other.
    let half = super::card_width(ui, 200.0, 2, 12.0);
    ui.horizontal_top(|ui| {
        for team in Team::BOTH {
            let playing = !duel.is_over() && duel.turn() == team;
            egui::Frame::new()
                .fill(p.panel)
                .stroke(egui::Stroke::new(
                    if playing { 4.0 } else { 1.0 },
                    team_color(team, p),
                ))
                .corner_radius(8)
                .inner_margin(egui::Margin::same(8))
                .show(ui, |ui| {
                    ui.set_width(half);
                    ui.vertical(|ui| team_score(ui, duel, team, playing, lang, p));
                });
        }
    });
    scores_footer(ui, duel, lang, p, generated);
}

fn team_score(ui: &mut egui::Ui, duel: &Duel, team: Team, playing: bool, lang: Lang, p: &Palette) {
    ui.label(
        egui::RichText::new(format!(
            "{}  {}{}",
            mark(team),
            duel.name(team),
            if playing {
                lang.pick("  ◀ à vous !", "  ◀ your turn!")
            } else {
                ""
            }
        ))
        .strong()
        .color(team_color(team, p)),
    );
    ui.label(
        egui::RichText::new(duel_text::points(duel.score(team), lang))
            .size(30.0)
            .strong(),
    );
    ui.label(
        egui::RichText::new(duel_text::score_detail(
            duel.stakes(team),
            duel.line_bonus(team),
            duel.leaks(team),
            lang,
        ))
        .small()
        .color(p.weak),
    );
}

fn scores_footer(ui: &mut egui::Ui, duel: &Duel, lang: Lang, p: &Palette, generated: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!(
                "{} {}",
                lang.pick("Cartes restantes :", "Cards left:"),
                duel.remaining()
            ))
            .color(p.weak),
        );
        ui.label(
            egui::RichText::new(format!(
                "{} {}{}",
                lang.pick("Code du plateau :", "Board code:"),
                duel.board().code().as_str(),
                if generated {
                    lang.pick(" (choisi par le jeu)", " (picked by the game)")
                } else {
                    ""
                }
            ))
            .small()
            .color(p.weak),
        );
    });
}

fn board(
    ui: &mut egui::Ui,
    duel: &Duel,
    lang: Lang,
    p: &Palette,
    input: &mut MessageWriter<DuelInput>,
) {
    let b = duel.board();
    ui.label(lang.pick(
        format!(
            "{} : choisissez une carte (flèches, Entrée). Une ligne ou une colonne complète rapporte {} points.",
            duel.name(duel.turn()),
            crate::core::play::duel::LINE_BONUS
        ),
        format!(
            "{}: pick a card (arrows, Enter). A whole row or column earns {} points.",
            duel.name(duel.turn()),
            crate::core::play::duel::LINE_BONUS
        ),
    ));
    ui.add_space(8.0);
    // The board fills what is left of the screen, so the projector shows big cards.
    let gap = 12.0;
    let (columns, rows) = (b.columns().max(1) as f32, b.rows().max(1) as f32);
    let height_left = ui.clip_rect().bottom() - ui.cursor().top() - 8.0;
    let size = egui::vec2(
        ((ui.available_width() - gap * (columns - 1.0)) / columns).max(120.0),
        ((height_left - gap * (rows - 1.0)) / rows).clamp(90.0, 260.0),
    );
    let text_size = (size.y * 0.2).clamp(20.0, 44.0);
    let mut first_hidden = None;
    egui::Grid::new("duel-board")
        .spacing(egui::vec2(gap, gap))
        .show(ui, |ui| {
            for row in 0..b.rows() {
                for column in 0..b.columns() {
                    let Some(cell) = b.cell_at(column, row) else {
                        continue;
                    };
                    let stake = b.card(cell).map_or(1, |c| c.stake);
                    let state = duel.cell(cell).unwrap_or(CellState::Hidden);
                    let (text, fill, color) = match state {
                        CellState::Hidden | CellState::Open => {
                            (format!("?\n{}", stake_stars(stake)), p.paper, p.ink)
                        }
                        CellState::Owned(team) => {
                            let how = match duel.result(cell).map(|r| r.outcome) {
                                Some(CardOutcome::Leaked) => lang.pick("fuite", "leak"),
                                _ => "✔",
                            };
                            (
                                format!(
                                    "{}  {}\n{} {how}",
                                    mark(team),
                                    duel.name(team),
                                    stake_stars(stake)
                                ),
                                team_color(team, p),
                                egui::Color32::BLACK,
                            )
                        }
                        CellState::Lost => (
                            format!("✖ {}\n{}", lang.pick("perdue", "lost"), stake_stars(stake)),
                            p.panel,
                            p.weak,
                        ),
                    };
                    let text = egui::RichText::new(text).size(text_size).color(color);
                    if state != CellState::Hidden {
                        // Played cells are not buttons: the keyboard skips them, and they
                        // keep full contrast (a disabled button would be greyed out).
                        egui::Frame::new()
                            .fill(fill)
                            .corner_radius(6)
                            .show(ui, |ui| {
                                ui.set_min_size(size);
                                ui.centered_and_justified(|ui| ui.label(text));
                            });
                        continue;
                    }
                    let button = ui.add(egui::Button::new(text).fill(fill).min_size(size));
                    // Who asks, on the face-down card: the contact, the app, the post's author.
                    if let Some(card) = b.card(cell) {
                        let side = (size.y * 0.3).min(size.x * 0.3);
                        let at = egui::Rect::from_min_size(
                            button.rect.min + egui::vec2(8.0, 8.0),
                            egui::vec2(side, side),
                        );
                        let painter = ui.painter().with_clip_rect(button.rect);
                        super::portrait::paint(&painter, at, super::looks::who_asks(card));
                    }
                    if first_hidden.is_none() {
                        first_hidden = Some(button.clone());
                    }
                    if button.clicked() {
                        input.write(DuelInput::Reveal(cell));
                    }
                }
                ui.end_row();
            }
        });
    if let Some(b) = first_hidden {
        super::focus_primary(&b);
    }
}

fn outcome_line(duel: &Duel, r: &crate::core::play::duel::CardResult, lang: Lang) -> String {
    duel_text::outcome_line(
        (r.outcome, r.stake, r.new_lines.len()),
        duel.name(r.team),
        duel.name(r.team.other()),
        lang,
    )
}

fn short_debrief(
    ui: &mut egui::Ui,
    duel: &Duel,
    n: usize,
    lang: Lang,
    p: &Palette,
    input: &mut MessageWriter<DuelInput>,
) {
    let Some(r) = duel.results().get(n) else {
        return;
    };
    let color = match r.outcome {
        CardOutcome::Claimed => p.good,
        CardOutcome::Leaked => p.bad,
        CardOutcome::Lost => p.weak,
    };
    ui.label(
        egui::RichText::new(outcome_line(duel, r, lang))
            .size(28.0)
            .strong()
            .color(color),
    );
    ui.add_space(8.0);
    report(ui, &r.report, lang, p);
    ui.add_space(8.0);
    let label = if duel.is_over() {
        lang.pick("Voir le bilan du duel ▶", "See the duel's debrief ▶")
    } else {
        lang.pick("Retour au plateau ▶", "Back to the board ▶")
    };
    let b = ui.button(label);
    super::focus_primary(&b);
    if b.clicked() {
        input.write(DuelInput::Continue);
    }
}

/// One decision, as the debrief shows it: the situation, the choice, what it did, the better
/// choice and why.
fn report(ui: &mut egui::Ui, r: &DecisionReport, lang: Lang, p: &Palette) {
    paper(p).show(ui, |ui| {
        ui.set_max_width(900.0);
        ui.label(ink(r.situation.get(lang), p));
        if !r.chosen.is_empty() {
            let chosen: Vec<&str> = r.chosen.iter().map(|t| t.get(lang)).collect();
            ui.label(
                ink(
                    format!("{} {}", lang.pick("Choix :", "Choice:"), chosen.join(" · ")),
                    p,
                )
                .strong(),
            );
        }
        if let Some(c) = &r.consequence {
            ui.label(ink(c.get(lang), p));
        }
        if !r.shared.is_empty() {
            let data: Vec<&str> = r.shared.iter().map(|d| d.label(lang)).collect();
            ui.label(ink(
                format!(
                    "{} {}",
                    lang.pick("Données parties :", "Data sent:"),
                    data.join(", ")
                ),
                p,
            ));
        }
        if !r.better.is_empty() && r.verdict != crate::core::play::debrief::Verdict::Best {
            let better: Vec<&str> = r.better.iter().map(|t| t.get(lang)).collect();
            ui.label(ink(
                format!("{} {}", lang.pick("Mieux :", "Better:"), better.join(" · ")),
                p,
            ));
        }
        if let Some(e) = &r.explanation {
            ui.label(ink(format!("🎓 {}", e.get(lang)), p).italics());
        }
    });
}

fn final_debrief(
    ui: &mut egui::Ui,
    duel: &Duel,
    lang: Lang,
    p: &Palette,
    go: &mut MessageWriter<Go>,
) {
    let verdict = match duel.ending() {
        Some(Ending::Win { team, on_leaks }) => {
            let name = duel.name(team);
            if on_leaks {
                lang.pick(
                    format!("🏆 {name} gagne : égalité de points, mais moins de fuites."),
                    format!("🏆 {name} wins: same points, fewer leaks."),
                )
            } else {
                lang.pick(
                    format!("🏆 {name} gagne le duel !"),
                    format!("🏆 {name} wins the duel!"),
                )
            }
        }
        Some(Ending::Draw) => lang.pick("Égalité parfaite !".into(), "A perfect draw!".into()),
        None => String::new(),
    };
    ui.label(
        egui::RichText::new(verdict)
            .size(34.0)
            .strong()
            .color(p.text),
    );
    let home = ui.button(lang.pick("◀ Accueil", "◀ Home"));
    super::focus_primary(&home);
    if home.clicked() {
        go.write(Go(Screen::Title));
    }
    ui.add_space(8.0);
    ui.heading(lang.pick("Toutes les décisions", "Every decision"));
    for team in Team::BOTH {
        ui.add_space(6.0);
        ui.label(
            egui::RichText::new(format!("{}  {}", mark(team), duel.name(team)))
                .strong()
                .color(team_color(team, p)),
        );
        for r in duel.results().iter().filter(|r| r.team == team) {
            card(p).show(ui, |ui| {
                ui.label(egui::RichText::new(outcome_line(duel, r, lang)).strong());
                report(ui, &r.report, lang, p);
            });
        }
    }
}
