//! Veille: the alert feeds the doctor follows, their inbox, and turning an item into a listing,
//! a review or a case. Feeds are fetched without holding the store (one after another, through
//! the one configured HTTP client); each result is recorded as it comes.

use erm_core::domain::listing::ListingInput;
use erm_core::domain::review::{Review, ReviewInput};
use erm_core::usecases::cases::form::CaseForm;
use erm_core::usecases::cases::view::CaseDetail;
use erm_core::usecases::listings::view::ListingDetail;
use erm_core::usecases::watch::{self, CaseItemDraft, FeedView, FetchReport, InboxFilter, ListingDraft, ReviewDraft, WatchItemView};
use erm_core::watch::feeds::fetch_feed;
use erm_core::watch::http::{HttpClient, HttpConfig};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::clock::today;
use crate::error::{Arg, CmdResult};
use crate::AppState;

#[tauri::command]
pub async fn watch_feeds(state: State<'_, AppState>) -> CmdResult<Vec<FeedView>> {
    state.run(|s| watch::list_feeds(s)).await
}

#[tauri::command]
pub async fn watch_feed_add(state: State<'_, AppState>, url: Arg<String>) -> CmdResult<FeedView> {
    state.run(move |s| watch::add_feed(s, &url.0)).await
}

#[tauri::command]
pub async fn watch_feed_remove(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<()> {
    state.run(move |s| watch::remove_feed(s, id.0)).await
}

#[tauri::command]
pub async fn watch_inbox(state: State<'_, AppState>, filter: Arg<InboxFilter>) -> CmdResult<Vec<WatchItemView>> {
    state.run(move |s| watch::inbox(s, filter.0)).await
}

#[derive(Clone, Serialize)]
pub struct FetchProgress {
    pub done: usize,
    pub total: usize,
}

/// « Relever les flux »: every feed fetched now.
#[tauri::command]
pub async fn watch_fetch(state: State<'_, AppState>, progress: Channel<FetchProgress>) -> CmdResult<Vec<FetchReport>> {
    fetch_all(&state, |done, total| {
        let _ = progress.send(FetchProgress { done, total });
    })
    .await
}

async fn fetch_all(state: &AppState, mut progress: impl FnMut(usize, usize)) -> CmdResult<Vec<FetchReport>> {
    let feeds = state.run(|s| watch::list_feeds(s)).await?;
    let client = HttpClient::new(HttpConfig::default()).map_err(erm_core::Error::from)?;
    let mut reports = Vec::new();
    progress(0, feeds.len());
    for (i, feed) in feeds.iter().enumerate() {
        let fetched = fetch_feed(&client, &feed.url).await;
        let id = feed.id;
        reports.push(state.run(move |s| watch::record_fetch(s, id, fetched, chrono::Utc::now())).await?);
        progress(i + 1, feeds.len());
    }
    Ok(reports)
}

/// At start-up, at most once a day: the feeds are fetched in the background; the inbox shows
/// what arrived the next time it is opened.
pub fn fetch_at_start_up<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        if !state.is_open() {
            return;
        }
        let due = state
            .run(|s| {
                let due = watch::due_for_daily_fetch(s, today())?;
                if due {
                    watch::mark_daily_fetch(s, today())?;
                }
                Ok(due)
            })
            .await;
        match due {
            Ok(true) => match fetch_all(&state, |_, _| {}).await {
                Ok(reports) => log::info!("daily feed fetch: {} feed(s)", reports.len()),
                Err(e) => log::warn!("daily feed fetch failed: {}", e.message),
            },
            Ok(false) => {}
            Err(e) => log::warn!("daily feed fetch not started: {}", e.message),
        }
    });
}

#[tauri::command]
pub async fn watch_item_dismiss(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<WatchItemView> {
    state.run(move |s| watch::dismiss(s, id.0)).await
}

#[tauri::command]
pub async fn watch_item_restore(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<WatchItemView> {
    state.run(move |s| watch::restore(s, id.0)).await
}

/// What an item can become, prefilled from it.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Draft {
    Listing(ListingDraft),
    Review(ReviewDraft),
    Case(CaseItemDraft),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Listing,
    Review,
    Case,
}

#[derive(Deserialize)]
pub struct DraftArgs {
    pub id: i64,
    pub kind: DraftKind,
}

#[tauri::command]
pub async fn watch_item_draft(state: State<'_, AppState>, args: Arg<DraftArgs>) -> CmdResult<Draft> {
    let DraftArgs { id, kind } = args.0;
    state
        .run(move |s| {
            Ok(match kind {
                DraftKind::Listing => Draft::Listing(watch::to_listing_draft(s, id, today())?),
                DraftKind::Review => Draft::Review(watch::to_review_draft(s, id)?),
                DraftKind::Case => Draft::Case(watch::to_case_draft(s, id)?),
            })
        })
        .await
}

#[derive(Deserialize)]
pub struct ConvertArgs<T> {
    pub id: i64,
    pub input: T,
}

#[tauri::command]
pub async fn watch_to_listing(state: State<'_, AppState>, args: Arg<ConvertArgs<ListingInput>>) -> CmdResult<ListingDetail> {
    let ConvertArgs { id, input } = args.0;
    state.run(move |s| watch::convert_to_listing(s, id, &input, today())).await
}

#[tauri::command]
pub async fn watch_to_review(state: State<'_, AppState>, args: Arg<ConvertArgs<ReviewInput>>) -> CmdResult<Review> {
    let ConvertArgs { id, input } = args.0;
    state.run(move |s| watch::convert_to_review(s, id, &input, today())).await
}

#[tauri::command]
pub async fn watch_to_case(state: State<'_, AppState>, args: Arg<ConvertArgs<CaseForm>>) -> CmdResult<CaseDetail> {
    let ConvertArgs { id, input } = args.0;
    state.run(move |s| watch::convert_to_case(s, id, &input, today())).await
}
