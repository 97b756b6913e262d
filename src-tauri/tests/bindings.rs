//! The TypeScript bindings in `ui/src/bindings/` are generated from the DTOs
//! in `src/dto.rs`. This test fails when the checked-in files are stale;
//! regenerate them with
//!
//! ```sh
//! UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test bindings
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use agendapack_desktop::commands;
use agendapack_desktop::dto::*;
use ts_rs::TS;

const HEADER: &str = "// This file was generated from Rust by `cargo test -p agendapack-desktop --test bindings`.\n// Do not edit it by hand: change src-tauri/src/dto.rs and run that test with UPDATE_BINDINGS=1.\n";

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
}

/// One command's TypeScript signature: name, argument object, result.
struct Signature {
    name: &'static str,
    args: String,
    result: String,
}

fn sig(name: &'static str, args: &[(&str, String)], result: String) -> Signature {
    let args = if args.is_empty() {
        "Record<string, never>".to_string()
    } else {
        let fields: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        format!("{{ {} }}", fields.join("; "))
    };
    Signature { name, args, result }
}

/// Every command, with its arguments and result, as the UI sees them
/// (Tauri turns snake_case argument names into camelCase).
fn signatures() -> Vec<Signature> {
    let num = || "number".to_string();
    let text = || "string".to_string();
    let id = || ("meetingId", num());
    let key = || ("key", text());
    let unit = <()>::name;
    let detail = MeetingDetail::name;
    vec![
        sig("app_info", &[], AppInfo::name()),
        sig("list_meetings", &[], <Vec<MeetingSummary>>::name()),
        sig("reveal_database", &[], unit()),
        sig("home_overview", &[], HomeOverview::name()),
        sig("list_committees", &[], <Vec<CommitteeDetail>>::name()),
        sig(
            "create_meeting",
            &[("form", NewMeetingForm::name())],
            CreatedMeeting::name(),
        ),
        sig("meeting_detail", &[id()], detail()),
        sig(
            "set_meeting_status",
            &[id(), ("status", MeetingStatus::name())],
            detail(),
        ),
        sig("add_item", &[id(), ("title", text())], detail()),
        sig("add_exclusion_item", &[id()], detail()),
        sig(
            "update_item",
            &[id(), key(), ("edit", ItemEdit::name())],
            detail(),
        ),
        sig("move_item", &[id(), key(), ("to", num())], detail()),
        sig("delete_item", &[id(), key()], UndoToken::name()),
        sig("undo", &[("token", num())], detail()),
        sig(
            "add_reports",
            &[
                id(),
                key(),
                ("onProgress", format!("Channel<{}>", AttachStep::name())),
            ],
            AttachOutcome::name(),
        ),
        sig(
            "attach_dropped",
            &[
                id(),
                key(),
                ("onProgress", format!("Channel<{}>", AttachStep::name())),
            ],
            AttachOutcome::name(),
        ),
        sig(
            "watch_drops",
            &[("onDrop", format!("Channel<{}>", DroppedFiles::name()))],
            unit(),
        ),
        sig(
            "watch_close",
            &[("onClose", "Channel<null>".to_string())],
            unit(),
        ),
        sig("close_ready", &[], unit()),
        sig(
            "remove_report",
            &[id(), key(), ("index", num())],
            UndoToken::name(),
        ),
        sig("check_meeting", &[id()], <Vec<Finding>>::name()),
        sig("list_packs", &[id()], PacksOverview::name()),
        sig(
            "pack_preview",
            &[id(), ("kind", PackKind::name())],
            "ArrayBuffer".to_string(),
        ),
        sig(
            "generate_pack",
            &[
                id(),
                ("kind", PackKind::name()),
                ("onProgress", format!("Channel<{}>", Progress::name())),
            ],
            OutputFile::name(),
        ),
        sig("publish_agenda", &[id()], PacksOverview::name()),
        sig("publish_site", &[], SiteOutcome::name()),
        sig("open_output", &[id(), ("fileName", text())], unit()),
        sig("reveal_output", &[id(), ("fileName", text())], unit()),
        sig(
            "set_attendance",
            &[id(), ("attendance", <Vec<AttendanceLine>>::name())],
            detail(),
        ),
        sig(
            "add_declaration",
            &[id(), ("declaration", DeclarationLine::name())],
            detail(),
        ),
        sig("set_minute", &[id(), key(), ("text", text())], unit()),
        sig(
            "add_action",
            &[id(), ("action", ActionForm::name())],
            detail(),
        ),
        sig(
            "set_action_status",
            &[id(), ("index", num()), ("status", ActionStatus::name())],
            detail(),
        ),
        sig("set_closed_at", &[id(), ("time", text())], detail()),
        sig(
            "approve_minutes",
            &[id(), ("atMeetingId", num()), ("chair", text())],
            detail(),
        ),
        sig("produce_signed_minutes", &[id()], OutputFile::name()),
        sig("get_settings", &[], SettingsDetail::name()),
        sig(
            "set_calendar",
            &[("calendar", CalendarForm::name())],
            SettingsDetail::name(),
        ),
        sig(
            "set_council_name",
            &[("name", text())],
            SettingsDetail::name(),
        ),
        sig("backup_database", &[], FileOutcome::name()),
        sig("restore_database", &[], FileOutcome::name()),
        sig("check_database", &[], DatabaseCheck::name()),
        sig("list_people", &[], <Vec<PersonDetail>>::name()),
        sig(
            "add_person",
            &[("form", PersonForm::name())],
            <Vec<PersonDetail>>::name(),
        ),
        sig(
            "edit_person",
            &[key(), ("form", PersonForm::name())],
            <Vec<PersonDetail>>::name(),
        ),
        sig("retire_person", &[key()], <Vec<PersonDetail>>::name()),
        sig(
            "add_committee",
            &[("form", CommitteeForm::name())],
            CommitteeDetail::name(),
        ),
        sig(
            "edit_committee",
            &[("committee", text()), ("form", CommitteeForm::name())],
            CommitteeDetail::name(),
        ),
        sig(
            "archive_committee",
            &[("committee", text())],
            CommitteeDetail::name(),
        ),
        sig(
            "add_member",
            &[("committee", text()), ("form", MembershipForm::name())],
            CommitteeDetail::name(),
        ),
        sig(
            "end_member",
            &[("committee", text()), ("person", text()), ("on", text())],
            CommitteeDetail::name(),
        ),
        sig(
            "set_template",
            &[
                ("committee", text()),
                ("items", <Vec<TemplateItem>>::name()),
            ],
            CommitteeDetail::name(),
        ),
        sig(
            "reschedule_meeting",
            &[id(), ("form", RescheduleForm::name())],
            detail(),
        ),
        sig("cancel_meeting", &[id()], detail()),
        sig("delete_meeting", &[id()], UndoToken::name()),
        sig("import_meeting", &[], ImportOutcome::name()),
        sig("export_meeting", &[id()], FileOutcome::name()),
    ]
}

/// The DTOs the commands name directly (imported by Commands.ts).
const IMPORTED: &[&str] = &[
    "ActionForm",
    "ActionStatus",
    "AppInfo",
    "AttachOutcome",
    "AttachStep",
    "AttendanceLine",
    "CalendarForm",
    "CommitteeDetail",
    "CommitteeForm",
    "CreatedMeeting",
    "DatabaseCheck",
    "DeclarationLine",
    "DroppedFiles",
    "FileOutcome",
    "Finding",
    "HomeOverview",
    "ImportOutcome",
    "ItemEdit",
    "MeetingDetail",
    "MeetingStatus",
    "MeetingSummary",
    "MembershipForm",
    "NewMeetingForm",
    "OutputFile",
    "PackKind",
    "PacksOverview",
    "PersonDetail",
    "PersonForm",
    "Progress",
    "RescheduleForm",
    "SettingsDetail",
    "TemplateItem",
    "SiteOutcome",
    "UndoToken",
];

fn commands_ts() -> String {
    let mut out = String::from(HEADER);
    out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    for name in IMPORTED {
        out.push_str(&format!("import type {{ {name} }} from \"./{name}\";\n"));
    }
    out.push_str("\n/** Every Tauri command: its arguments and what it resolves to. Errors are `CommandError`. */\n");
    out.push_str("export type Commands = {\n");
    for s in signatures() {
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            s.name, s.args, s.result
        ));
    }
    out.push_str("};\n");
    out
}

/// File name → expected content.
fn expected() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    macro_rules! dto {
        ($($t:ty),* $(,)?) => {$(
            let name = <$t>::output_path().expect("a DTO has an output path");
            let body = <$t>::export_to_string().expect("the DTO exports");
            files.insert(name.display().to_string(), format!("{HEADER}{body}"));
        )*};
    }
    dto!(
        AppInfo,
        MeetingSummary,
        MeetingKind,
        MeetingStatus,
        CommandError,
        ErrorCode,
        DateText,
        Deadline,
        HomeOverview,
        UpcomingMeeting,
        MinutesToDo,
        OpenAction,
        CommitteeDetail,
        PersonLine,
        PersonKind,
        MemberLine,
        Role,
        NewMeetingForm,
        CreatedMeeting,
        MeetingDetail,
        ParagraphText,
        ItemKind,
        ItemDetail,
        ReportLine,
        ItemEdit,
        UndoToken,
        AttachOutcome,
        AttachStep,
        AttachStage,
        DroppedFiles,
        Finding,
        Severity,
        PackKind,
        Progress,
        OutputFile,
        PacksOverview,
        IssuedLine,
        MinutesDetail,
        Presence,
        AttendanceLine,
        InterestKind,
        DeclarationLine,
        ActionStatus,
        ActionLine,
        ActionForm,
        ApprovalLine,
        SettingsDetail,
        CalendarDetail,
        CalendarForm,
        DatabaseCheck,
        FileOutcome,
        PersonDetail,
        PersonForm,
        CommitteeForm,
        MembershipLine,
        MembershipForm,
        TemplateItem,
        RescheduleForm,
        ImportProblem,
        ImportOutcome,
        SiteOutcome,
    );
    files.insert("Commands.ts".to_string(), commands_ts());
    files
}

#[test]
fn every_command_has_a_signature() {
    let names: Vec<&str> = signatures().iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        commands::NAMES,
        "update signatures() in tests/bindings.rs"
    );
}

#[test]
fn bindings_are_up_to_date() {
    let dir = bindings_dir();
    let expected = expected();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(&dir).expect("create ui/src/bindings");
        for entry in std::fs::read_dir(&dir).expect("read ui/src/bindings") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "ts") {
                std::fs::remove_file(&path).expect("remove an old binding");
            }
        }
        for (name, body) in &expected {
            std::fs::write(dir.join(name), body).expect("write a binding");
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, body) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(found) if &found == body => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(e) => stale.push(format!("{name}: {e}")),
        }
    }
    for entry in std::fs::read_dir(&dir).expect("read ui/src/bindings") {
        let name = entry
            .expect("dir entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".ts") && !expected.contains_key(&name) {
            stale.push(format!("{name} is not generated from Rust"));
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({}); run: UPDATE_BINDINGS=1 cargo test -p agendapack-desktop --test bindings",
        stale.join("; ")
    );
}
