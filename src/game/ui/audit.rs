//! The layout audit of `--screenshot … --audit` (run by `.ci/screenshots` at every window size
//! and text size): nothing may stick out of the window sideways (the screens scroll only
//! vertically), and every widget the keyboard can reach must come fully into view when it gets
//! the focus, that is, it is on screen or its scroll area brings it there. Found problems are
//! logged one per line; the run then exits with an error.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::launch::AuditReport;

#[derive(Debug, Default)]
pub enum Step {
    /// Waiting for the screen to settle (frames left).
    #[default]
    Start,
    Settle(u32),
    /// Focusing `ids[next]`, then looking where it landed (`frames` since the focus moved).
    Walk {
        ids: Vec<egui::Id>,
        next: usize,
        frames: u32,
        problems: Vec<String>,
    },
    Done,
}

/// Frames a focused widget gets to scroll into view (egui may animate the scroll).
const SCROLL_FRAMES: u32 = 8;

/// Runs after the screens' views, so it sees the widgets they drew; only when `--audit` asked
/// for a report that is not written yet.
pub fn audit(
    mut contexts: EguiContexts,
    report: Option<ResMut<AuditReport>>,
    mut state: Local<Step>,
) {
    let (Ok(ctx), Some(mut report)) = (contexts.ctx_mut(), report) else {
        return;
    };
    if report.0.is_some() {
        return;
    }
    let ctx = ctx.clone();
    ctx.request_repaint();
    let step = std::mem::take(&mut *state);
    *state = match step {
        Step::Start => Step::Settle(5),
        Step::Settle(0) => start_walk(&ctx),
        Step::Settle(n) => Step::Settle(n - 1),
        Step::Walk {
            ids,
            next,
            frames,
            mut problems,
        } => {
            if next == ids.len() {
                ctx.memory_mut(|m| {
                    m.surrender_focus(ids.last().copied().unwrap_or(egui::Id::NULL))
                });
                report.0 = Some(problems);
                Step::Done
            } else if frames == 0 {
                ctx.memory_mut(|m| m.request_focus(ids[next]));
                Step::Walk {
                    ids,
                    next,
                    frames: 1,
                    problems,
                }
            } else {
                // Measured on the frame just drawn; a widget gets a few frames to scroll in.
                let problem = unreachable(&ctx, ids[next]);
                let done = problem.is_none() || frames >= SCROLL_FRAMES;
                if done {
                    problems.extend(problem);
                }
                Step::Walk {
                    ids,
                    next: if done { next + 1 } else { next },
                    frames: if done { 0 } else { frames + 1 },
                    problems,
                }
            }
        }
        Step::Done => Step::Done,
    };
}

/// Checks every widget sideways, and lists the focusable ones to walk through.
fn start_walk(ctx: &egui::Context) -> Step {
    let screen = ctx.content_rect();
    let mut problems = Vec::new();
    let mut ids = Vec::new();
    ctx.viewport(|v| {
        for (_, widgets) in v.prev_pass.widgets.layers() {
            for w in widgets.iter().filter(|w| w.rect.is_positive()) {
                if w.rect.left() < screen.left() - 1.0 || w.rect.right() > screen.right() + 1.0 {
                    problems.push(format!(
                        "widget {:?} sticks out sideways: x {:.0}–{:.0}, window 0–{:.0}",
                        w.id,
                        w.rect.left(),
                        w.rect.right(),
                        screen.right()
                    ));
                }
                // What Tab reaches: buttons, toggles, fields (not the drag area of a scroll).
                if w.enabled && w.sense.is_focusable() && w.sense.senses_click() {
                    ids.push(w.id);
                }
            }
        }
    });
    ids.sort_by_key(|id| id.value());
    ids.dedup();
    Step::Walk {
        ids,
        next: 0,
        frames: 0,
        problems,
    }
}

/// The problem with widget `id` once focused: not drawn any more, or not wholly in view.
fn unreachable(ctx: &egui::Context, id: egui::Id) -> Option<String> {
    let screen = ctx.content_rect().expand(1.0);
    let w = ctx.viewport(|v| v.prev_pass.widgets.get(id).copied())?;
    let shown = w.interact_rect;
    let whole = screen.contains_rect(w.rect)
        && (shown.width() - w.rect.width()).abs() <= 1.0
        && (shown.height() - w.rect.height()).abs() <= 1.0;
    (!whole).then(|| {
        format!(
            "widget {:?} out of reach when focused: at {:.0},{:.0}–{:.0},{:.0}, visible part {:.0}×{:.0} of {:.0}×{:.0}",
            w.id,
            w.rect.left(),
            w.rect.top(),
            w.rect.right(),
            w.rect.bottom(),
            shown.width(),
            shown.height(),
            w.rect.width(),
            w.rect.height()
        )
    })
}
