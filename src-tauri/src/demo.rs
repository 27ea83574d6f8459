//! The first-run demo: synthetic households (invented people) saved into the round, each
//! classified by the domain, so a newcomer sees real screens at once.

use rasoat_demo::{for_installation, generate, DemoCommune, DemoSpec};
use rasoat_domain::authorisation::{covers, Office, Scope};
use rasoat_domain::classify::classify;
use rasoat_domain::messages::{Code, Message};
use rasoat_domain::open_answers::completion_blockers;
use rasoat_domain::workflow::{ReviewAction, Role};
use rasoat_store::{RoundKind, Store, SurveyResult};

use crate::clock::now_ms;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::AppState;

/// Saves `n` synthetic households of this installation's commune (Đồng Văn-shaped, from
/// `rasoat-demo`) into the current round, in one transaction, then, on an installation whose
/// role completes forms, completes four in five of them as the enumerator would after the
/// visit: the rest stay drafts, so the list, the queue and the dashboard show a review under
/// way (drafts are counted apart from the classes).
pub fn fill(store: &mut Store, n: u32, actor: &str) -> CommandResult<()> {
    let round = store.current_round()?;
    let standards = store.standards()?;
    let standard = standards.by_id(&round.standard_id).ok_or_else(|| {
        CommandError::new(
            ErrorCode::Storage,
            Message::new(Code::DesktopUnknownStandard).with("id", round.standard_id.as_str()),
        )
    })?;
    let method = round.method;
    let installation = store.installation()?;
    let mut spec = DemoSpec::new(n as usize, 1, round.year);
    // Its own unit's households only: a commune or an enumerator its commune's (before or
    // after the 2025 reorganisation), an office the communes the authorisation rule lets it
    // hold, so neither it nor the office above refuses them.
    let own: Vec<DemoCommune> = match Office::parse(installation.role.as_str()) {
        Some(office) if installation.role.is_office() => {
            let tree = store.unit_tree()?;
            let scope = Scope::new(office, [installation.unit_code.as_str()]);
            DemoCommune::dong_van()
                .into_iter()
                .filter(|c| covers(&scope, &tree, c.codes_in(round.year).1))
                .collect()
        }
        _ => rasoat_demo::communes_of(&installation.unit_code),
    };
    // A unit outside the demo's district (possible only once `rasoat units load` added one)
    // still gets the whole district's households; `rasoat demo generate` makes its own.
    if !own.is_empty() {
        spec.communes = own;
    }
    let settings = store.round_settings(&round.id)?;
    // Ids and codes of this installation's own: two laptops of one commune shown the demo
    // must not hand their commune the same households twice, nor the same codes.
    let batch: Vec<_> = generate(&spec)
        .map(|h| for_installation(h, &installation.id))
        .map(|h| {
            let result = classify(&h, standard, method, &settings)
                .ok()
                .map(|c| SurveyResult::from_classification(&c));
            (h, result)
        })
        .collect();
    store.save_households(&round.id, &batch, actor, now_ms())?;
    let finished: Vec<String> = batch
        .iter()
        .enumerate()
        .filter(|(i, (h, _))| {
            let (open, errors) = completion_blockers(h);
            i % 5 != 4 && open.is_empty() && errors.is_empty()
        })
        .map(|(_, (h, _))| h.id.to_string())
        .collect();
    // Only a role that fills forms in finishes them (an office's demo households stay drafts).
    if !finished.is_empty()
        && ReviewAction::Complete
            .allowed_roles()
            .contains(&installation.role)
    {
        store.review_several(
            &finished,
            &round.id,
            &ReviewAction::Complete,
            actor,
            "dữ liệu mẫu",
            now_ms(),
        )?;
    }
    // The demo's villages (marked "(mẫu)") join the commune's list, so its form offers them.
    if !installation.role.is_office() {
        store.list_villages_of_records(actor, now_ms())?;
    }
    Ok(())
}

/// The demo installation: an enumerator of xã Thài Phìn Tủng (00730) in the 2024 round, with
/// 300 synthetic households. Does nothing when the store is already set up.
pub fn set_up_if_empty(state: &AppState) -> Result<(), CommandError> {
    let mut store = state
        .store
        .lock()
        .map_err(|_| CommandError::new(ErrorCode::Storage, Code::DesktopStorePoisoned))?;
    if store.installation().is_ok() {
        return Ok(());
    }
    const USER: &str = "Rà soát viên (dữ liệu mẫu)";
    let at = now_ms();
    // The journal names the demo's administrator when the demo store is encrypted.
    let actor = match state.session.person() {
        Some(person) => person.actor(),
        None => USER.to_string(),
    };
    store.init_installation(Role::Enumerator, "00730", &actor, at)?;
    store.set_preference("user_name", USER)?;
    let standards = store.standards()?;
    let standard = standards.national_for_year(2024).ok_or_else(|| {
        CommandError::new(
            ErrorCode::Storage,
            Message::new(Code::DesktopNoStandardForYear).with("year", 2024),
        )
    })?;
    store.open_round(2024, RoundKind::Periodic, None, &standard.id, &actor, at)?;
    fill(&mut store, 300, &actor)
}
