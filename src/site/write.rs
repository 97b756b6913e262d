//! Writing a built site into a folder: the one part of the site that does
//! I/O.
//!
//! A file is written only when its bytes changed (an unchanged file keeps
//! its modification time, so a web server or a sync tool sees no change);
//! each write goes through a temporary file. The manifest [`MANIFEST`]
//! lists every file AgendaPack wrote; a file it lists that the new site no
//! longer has (a meeting no longer public) is removed, and nothing else in
//! the folder is touched. A file in the way that AgendaPack did not write is
//! refused before anything is written.

use super::{Site, SiteError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The manifest's file name in the site folder.
pub const MANIFEST: &str = ".agendapack-site.json";

const FORMAT: &str = "agendapack.site-manifest/1";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    files: BTreeSet<String>,
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Files written (new or changed), by relative path.
    pub written: Vec<String>,
    /// Files left as they were (same bytes).
    pub unchanged: usize,
    /// Files removed (written by an earlier run, no longer in the site).
    pub removed: Vec<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The path of `rel` (a site path with `/` separators) under `dir`; a path
/// that would leave the folder is refused.
fn under(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut p = dir.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return None;
        }
        p.push(part);
    }
    Some(p)
}

fn read_manifest(path: &Path) -> Result<BTreeSet<String>, SiteError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(io(path)(e)),
    };
    let bad = |reason: String| SiteError::BadManifest {
        path: path.to_path_buf(),
        reason,
    };
    let m: Manifest = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if m.format != FORMAT {
        return Err(bad(format!(
            "its format is \"{}\", not \"{FORMAT}\"",
            m.format
        )));
    }
    Ok(m.files)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".agendapack-partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// Writes `site` into `dir` (created if needed). See the module docs.
pub fn write(site: &Site, dir: &Path) -> Result<WriteOutcome, SiteError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let manifest_path = dir.join(MANIFEST);
    let ours = read_manifest(&manifest_path)?;

    // Plan first: refuse a file in the way before anything changes.
    let mut plan: Vec<(String, PathBuf, bool)> = Vec::new();
    for (rel, bytes) in &site.files {
        let path = under(dir, rel).ok_or_else(|| SiteError::Io {
            path: dir.join(rel),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a plain path inside the site folder",
            ),
        })?;
        let same = match std::fs::read(&path) {
            Ok(existing) => {
                if existing != *bytes && !ours.contains(rel) {
                    return Err(SiteError::NotOurs { path });
                }
                existing == *bytes
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) if path.is_dir() => {
                let _ = e;
                return Err(SiteError::NotOurs { path });
            }
            Err(e) => return Err(io(&path)(e)),
        };
        plan.push((rel.clone(), path, same));
    }

    let mut out = WriteOutcome::default();
    // The manifest first lists old and new files together, so an
    // interrupted run still knows every file it may have written.
    let all: BTreeSet<String> = ours
        .iter()
        .cloned()
        .chain(site.files.keys().cloned())
        .collect();
    write_manifest(&manifest_path, &all)?;
    for (rel, path, same) in plan {
        if same {
            out.unchanged += 1;
            continue;
        }
        write_atomic(&path, &site.files[&rel])?;
        out.written.push(rel);
    }
    for rel in ours.iter().filter(|r| !site.files.contains_key(*r)) {
        let Some(path) = under(dir, rel) else {
            continue;
        };
        match std::fs::remove_file(&path) {
            Ok(()) => out.removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
        // Remove the folders the file was in, when nothing else is left.
        let mut parent = path.parent();
        while let Some(p) = parent.filter(|p| *p != dir && p.starts_with(dir)) {
            if std::fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    let now: BTreeSet<String> = site.files.keys().cloned().collect();
    if now != all {
        write_manifest(&manifest_path, &now)?;
    }
    Ok(out)
}

fn write_manifest(path: &Path, files: &BTreeSet<String>) -> Result<(), SiteError> {
    let text = serde_json::to_string_pretty(&Manifest {
        format: FORMAT.into(),
        files: files.clone(),
    })
    .unwrap_or_default()
        + "\n";
    if std::fs::read_to_string(path).ok().as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let d = Path::new("/site");
        assert_eq!(under(d, "a/b.html"), Some(PathBuf::from("/site/a/b.html")));
        assert_eq!(under(d, "../etc/passwd"), None);
        assert_eq!(under(d, "a//b"), None);
    }
}
