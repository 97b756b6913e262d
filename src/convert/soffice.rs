//! Running LibreOffice headless for one conversion: its own throw-away
//! profile, explicit export options, a hard timeout that kills the whole
//! process group.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::detect::{Application, Format};

/// How one conversion ended, when it did not give a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunFailure {
    /// The program could not be started at all.
    Missing(String),
    /// It ran longer than the timeout and was stopped.
    TimedOut,
    /// LibreOffice said it could not open the file.
    NotLoaded,
    /// It finished without writing a PDF; what it said.
    NoOutput(String),
    /// The working folder could not be prepared.
    Io(String),
}

/// PDF export options passed on every run: a fresh profile would otherwise
/// export untagged, without bookmarks.
fn filter_options(app: Application) -> String {
    let mut options: Vec<(&str, &str)> = vec![
        ("UseTaggedPDF", "true"),
        // PDF/UA where the version has it (6.4 and later); older ones ignore it.
        ("PDFUACompliance", "true"),
        ("ExportBookmarks", "true"),
        ("EmbedStandardFonts", "true"),
        ("ExportNotes", "false"),
        ("ExportFormFields", "false"),
        ("ReduceImageResolution", "false"),
        ("UseLosslessCompression", "false"),
    ];
    match app {
        Application::Writer => options.push(("ExportPlaceholders", "false")),
        Application::Calc => options.push(("SinglePageSheets", "false")),
        Application::Impress => {
            options.push(("ExportNotesPages", "false"));
            options.push(("ExportHiddenSlides", "false"));
        }
        Application::Draw => {}
    }
    let fields: Vec<String> = options
        .iter()
        .map(|(k, v)| format!("\"{k}\":{{\"type\":\"boolean\",\"value\":\"{v}\"}}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

fn export_filter(app: Application) -> &'static str {
    match app {
        Application::Writer => "writer_pdf_Export",
        Application::Calc => "calc_pdf_Export",
        Application::Impress => "impress_pdf_Export",
        Application::Draw => "draw_pdf_Export",
    }
}

/// The `--convert-to` argument for `format`.
pub(crate) fn convert_to(format: Format) -> String {
    let app = format.application().unwrap_or(Application::Writer);
    format!("pdf:{}:{}", export_filter(app), filter_options(app))
}

/// `path` as a `file://` URL, percent-encoding what a URL may not hold.
pub(crate) fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// Converts `input` (of `format`) to PDF inside `work` (a fresh folder that
/// the caller removes) with the LibreOffice profile `profile`, returning the
/// PDF's bytes.
pub(crate) fn run(
    soffice: &Path,
    timeout: Duration,
    work: &Path,
    profile: &Path,
    input: &Path,
    format: Format,
) -> Result<Vec<u8>, RunFailure> {
    let io = |e: std::io::Error| RunFailure::Io(e.to_string());
    let out_dir = work.join("out");
    std::fs::create_dir_all(&out_dir).map_err(io)?;
    let stdout_path = work.join("stdout.txt");
    let stderr_path = work.join("stderr.txt");
    let mut command = Command::new(soffice);
    command
        .arg(format!("-env:UserInstallation={}", file_url(profile)))
        .args([
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
        ])
        .arg(convert_to(format))
        .arg("--outdir")
        .arg(&out_dir)
        .arg(input)
        .current_dir(work)
        // Nothing of the user's own settings: LibreOffice's home is the
        // throw-away folder too.
        .env("HOME", work)
        .env("SAL_USE_VCLPLUGIN", "svp")
        .stdin(Stdio::null())
        .stdout(Stdio::from(File::create(&stdout_path).map_err(io)?))
        .stderr(Stdio::from(File::create(&stderr_path).map_err(io)?));
    new_process_group(&mut command);
    let mut child = command.spawn().map_err(|e| {
        RunFailure::Missing(format!("{} could not be started: {e}", soffice.display()))
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= timeout => break None,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    // Whatever happened, nothing LibreOffice started may outlive the
    // conversion (oosplash starts soffice.bin, which may linger).
    kill_group(&mut child);
    let _ = child.wait();
    if status.is_none() {
        return Err(RunFailure::TimedOut);
    }
    let said = |p: &PathBuf| {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.contains("javaldx") && !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let stdout = said(&stdout_path);
    let stderr = said(&stderr_path);
    let pdf = out_dir.join(
        input
            .file_stem()
            .map(|s| format!("{}.pdf", s.to_string_lossy()))
            .unwrap_or_else(|| "report.pdf".into()),
    );
    match std::fs::read(&pdf) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        _ if stdout.contains("could not be loaded") || stderr.contains("could not be loaded") => {
            Err(RunFailure::NotLoaded)
        }
        _ => {
            let mut detail = [stderr, stdout]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            if detail.is_empty() {
                detail = match status.and_then(|s| s.code()) {
                    Some(code) => format!("it stopped with exit code {code} and wrote no PDF"),
                    None => "it stopped and wrote no PDF".into(),
                };
            }
            Err(RunFailure::NoOutput(detail.chars().take(300).collect()))
        }
    }
}

#[cfg(unix)]
fn new_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn new_process_group(_command: &mut Command) {}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    // The child leads its own group (process_group(0)), so the group id is
    // its pid. ESRCH (no such group: everything already ended) is fine.
    let pid = rustix::process::Pid::from_child(child);
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_asks_for_tags_bookmarks_and_embedded_fonts() {
        for format in [Format::Docx, Format::Xlsx, Format::Pptx, Format::Png] {
            let arg = convert_to(format);
            for option in [
                "\"UseTaggedPDF\":{\"type\":\"boolean\",\"value\":\"true\"}",
                "\"PDFUACompliance\":{\"type\":\"boolean\",\"value\":\"true\"}",
                "\"ExportBookmarks\":{\"type\":\"boolean\",\"value\":\"true\"}",
                "\"EmbedStandardFonts\":{\"type\":\"boolean\",\"value\":\"true\"}",
            ] {
                assert!(arg.contains(option), "{format:?}: {arg}");
            }
            let json = arg.splitn(3, ':').nth(2).unwrap();
            serde_json::from_str::<serde_json::Value>(json).expect("valid JSON");
        }
        assert!(convert_to(Format::Docx).starts_with("pdf:writer_pdf_Export:"));
        assert!(convert_to(Format::Ods).starts_with("pdf:calc_pdf_Export:"));
        assert!(convert_to(Format::Odp).starts_with("pdf:impress_pdf_Export:"));
        assert!(convert_to(Format::Tiff).starts_with("pdf:draw_pdf_Export:"));
    }

    #[test]
    fn profile_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/ü")),
            "file:///tmp/a%20b/%C3%BC"
        );
    }
}
