//! Core errors as the UI receives them: a stable code and a sentence.

use agendapack::calendar::CalendarError;
use agendapack::cycle::CycleError;
use agendapack::publish::PublishError;
use agendapack::site::SiteError;
use agendapack::store::StoreError;

use crate::dto::{CommandError, ErrorCode};

impl CommandError {
    /// A request the UI should not have made (a bad date, an unknown key).
    pub(crate) fn invalid(message: impl Into<String>) -> CommandError {
        CommandError {
            code: ErrorCode::Invalid,
            message: message.into(),
        }
    }

    /// A change that breaks a rule of the meeting cycle.
    pub(crate) fn refused(message: impl Into<String>) -> CommandError {
        CommandError {
            code: ErrorCode::Refused,
            message: message.into(),
        }
    }

    /// The operating system refused (a file could not be read or written).
    pub(crate) fn system(message: impl Into<String>) -> CommandError {
        CommandError {
            code: ErrorCode::System,
            message: message.into(),
        }
    }

    /// A fault in AgendaPack itself.
    pub(crate) fn internal(message: impl Into<String>) -> CommandError {
        CommandError {
            code: ErrorCode::Internal,
            message: message.into(),
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::NoSuchMeeting(_) => ErrorCode::NotFound,
            StoreError::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            StoreError::BlobMismatch { .. }
            | StoreError::MissingBlob { .. }
            | StoreError::Invalid(_) => ErrorCode::DamagedData,
            StoreError::DuplicateMeeting { .. } => ErrorCode::Conflict,
            StoreError::Locked { .. } => ErrorCode::Locked,
            StoreError::Refused(_) => ErrorCode::Refused,
            StoreError::Sqlite { .. }
            | StoreError::Open { .. }
            | StoreError::Migrate { .. }
            | StoreError::Io { .. }
            | StoreError::NoDataDir => ErrorCode::Database,
        };
        CommandError {
            code,
            message: error.to_string(),
        }
    }
}

impl From<CycleError> for CommandError {
    fn from(error: CycleError) -> Self {
        match error {
            CycleError::Store(e) => e.into(),
            CycleError::Refused(message) => CommandError::refused(message),
        }
    }
}

impl From<PublishError> for CommandError {
    fn from(error: PublishError) -> Self {
        match error {
            PublishError::Store(e) => e.into(),
            PublishError::Refused(message) => CommandError::refused(message),
            PublishError::Calendar(e) => e.into(),
            e @ (PublishError::Typeset { .. } | PublishError::Pack(_)) => CommandError {
                code: ErrorCode::Papers,
                message: e.to_string(),
            },
        }
    }
}

impl From<SiteError> for CommandError {
    fn from(error: SiteError) -> Self {
        match error {
            SiteError::Store(e) => e.into(),
            e @ SiteError::Papers { .. } => CommandError {
                code: ErrorCode::Papers,
                message: e.to_string(),
            },
            e @ (SiteError::NotOurs { .. } | SiteError::BadManifest { .. }) => {
                CommandError::refused(e.to_string())
            }
            e @ SiteError::Io { .. } => CommandError::system(e.to_string()),
        }
    }
}

impl From<CalendarError> for CommandError {
    fn from(error: CalendarError) -> Self {
        CommandError {
            code: ErrorCode::Calendar,
            message: error.to_string(),
        }
    }
}
