//! Veille: the alert feeds the doctor follows, their inbox, and turning an item into a listing,
//! a review or a case. Fetching the feeds is in `watch_fetch.rs`.

use erm_usecases::listings::ListingInput;
use erm_usecases::reviews::{Review, ReviewInput};
use erm_usecases::cases::form::CaseForm;
use erm_usecases::cases::view::CaseDetail;
use erm_usecases::listings::view::ListingDetail;
use erm_usecases::watch::{self, Draft, DraftKind, FeedView, InboxFilter, WatchItemView};
use serde::Deserialize;
use tauri::State;

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

#[tauri::command]
pub async fn watch_item_dismiss(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<WatchItemView> {
    state.run(move |s| watch::dismiss(s, id.0)).await
}

#[tauri::command]
pub async fn watch_item_restore(state: State<'_, AppState>, id: Arg<i64>) -> CmdResult<WatchItemView> {
    state.run(move |s| watch::restore(s, id.0)).await
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
        .run(move |s| watch::draft(s, id, kind, today()))
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
