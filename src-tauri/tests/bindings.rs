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
use agendapack_desktop::dto::{
    AppInfo, CommandError, ErrorCode, MeetingKind, MeetingStatus, MeetingSummary,
};
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

/// Every command, with its arguments and result, as the UI sees them.
fn signatures() -> Vec<Signature> {
    let no_args = || "Record<string, never>".to_string();
    vec![
        Signature {
            name: "app_info",
            args: no_args(),
            result: AppInfo::name(),
        },
        Signature {
            name: "list_meetings",
            args: no_args(),
            result: <Vec<MeetingSummary>>::name(),
        },
        Signature {
            name: "reveal_database",
            args: no_args(),
            result: <()>::name(),
        },
    ]
}

fn commands_ts() -> String {
    let mut out = String::from(HEADER);
    out.push_str("import type { AppInfo } from \"./AppInfo\";\n");
    out.push_str("import type { MeetingSummary } from \"./MeetingSummary\";\n\n");
    out.push_str("/** Every Tauri command: its arguments and what it resolves to. Errors are `CommandError`. */\n");
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
        ErrorCode
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
