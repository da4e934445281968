//! Schedule stage: publication times signed in approvals take effect.
//!
//! A page whose approval says `publish_at` is held back until then; after
//! `unpublish_at` an ordinary page leaves the site (its address says so,
//! and the log records the signed end), while a notice of a notice board
//! (*anslagstavla*) stays readable and moves to the board's archive with
//! the dates it was posted and taken down.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::approvals::ApprovedPage;
use crate::trust::approval::{CheckedApproval, Schedule};
use crate::trust::Timestamp;

/// A posting or removal still to come, for `sigill status`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Upcoming {
    pub at: Timestamp,
    /// `true` for a removal, `false` for a posting.
    pub removal: bool,
    pub path: String,
    pub url: String,
    pub title: String,
}

/// An ordinary page whose publication ended by its signed `unpublish_at`.
#[derive(Debug, Clone)]
pub struct Ended {
    pub head: CheckedApproval,
    pub url: String,
    pub at: Timestamp,
}

/// A notice's dates, for the notice, its board and the archive.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Notice {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// When it went up: `publish_at`, or when it was first approved.
    pub posted_at: Timestamp,
    pub posted_on: String,
    /// When it comes (or came) down, if set.
    pub removal_at: Option<Timestamp>,
    pub removal_on: Option<String>,
    /// Taken down: listed in the archive, no longer on the board.
    pub archived: bool,
}

/// What the schedule decided for one build.
#[derive(Debug, Clone, Default)]
pub struct Timetable {
    /// Postings and removals still to come, soonest first.
    pub upcoming: Vec<Upcoming>,
    /// Ordinary pages taken off the site by their `unpublish_at`.
    pub ended: Vec<Ended>,
    /// Notice board URL → its notices, newest posting first.
    pub boards: BTreeMap<String, Vec<Notice>>,
}

impl Timetable {
    /// The notice published at `url`, if it is one.
    pub fn notice(&self, url: &str) -> Option<&Notice> {
        self.boards.values().flatten().find(|n| n.url == url)
    }
}

/// The publication times of a page's published approval.
pub fn schedule_of(page: &ApprovedPage) -> Schedule {
    page.chain().last().map(|head| head.payload.schedule()).unwrap_or_default()
}

/// Applies the signed times at `now`: returns the pages to publish and
/// the timetable.
pub fn apply(pages: Vec<ApprovedPage>, now: Timestamp) -> (Vec<ApprovedPage>, Timetable) {
    let boards: BTreeSet<String> = pages.iter().filter(|p| p.page().front.notice_board && p.page().source.kind == crate::model::PageKind::Section).map(|p| p.page().url.clone()).collect();
    let mut timetable = Timetable { boards: boards.iter().map(|b| (b.clone(), Vec::new())).collect(), ..Timetable::default() };
    // Filtered in place: a second vector of every page would be the
    // build's peak of memory.
    let published: Vec<ApprovedPage> = pages
        .into_iter()
        .filter_map(|page| {
            let schedule = schedule_of(&page);
            let p = page.page();
            let board = p.parent_url().filter(|parent| boards.contains(parent) && p.source.kind == crate::model::PageKind::Page);
            let upcoming = |at: Timestamp, removal: bool| Upcoming { at, removal, path: p.source.path.clone(), url: p.url.clone(), title: p.front.title.clone() };
            if let Some(at) = schedule.publish_at.filter(|_| schedule.is_before(now)) {
                timetable.upcoming.push(upcoming(at, false));
                if let Some(end) = schedule.unpublish_at {
                    timetable.upcoming.push(upcoming(end, true));
                }
                return None;
            }
            if let Some(end) = schedule.unpublish_at.filter(|_| !schedule.has_ended(now)) {
                timetable.upcoming.push(upcoming(end, true));
            }
            if let Some(board) = board {
                let posted_at = schedule.publish_at.unwrap_or_else(|| page.chain().first().map_or(now, |c| c.payload.approved_at));
                let notice = Notice {
                    url: p.url.clone(),
                    title: p.front.title.clone(),
                    description: p.front.description.clone(),
                    posted_at,
                    posted_on: posted_at.date(),
                    removal_at: schedule.unpublish_at,
                    removal_on: schedule.unpublish_at.map(|t| t.date()),
                    archived: schedule.has_ended(now),
                };
                timetable.boards.entry(board).or_default().push(notice);
                return Some(page);
            }
            if schedule.has_ended(now) {
                if let (Some(head), Some(at)) = (page.chain().last(), schedule.unpublish_at) {
                    timetable.ended.push(Ended { head: head.clone(), url: p.url.clone(), at });
                }
                return None;
            }
            Some(page)
        })
        .collect();
    for notices in timetable.boards.values_mut() {
        notices.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then(a.url.cmp(&b.url)));
    }
    timetable.upcoming.sort();
    (published, timetable)
}

/// The archive page of a notice board: `<board>arkiv/` (`archive/` on an
/// English site).
pub fn archive_url(board: &str, language: crate::language::Language) -> String {
    let slug = match language {
        crate::language::Language::Sv => "arkiv",
        crate::language::Language::En => "archive",
    };
    format!("{board}{slug}/")
}
